"""Visit records: check-in/out, the record, outcomes, agreements and surveys."""
