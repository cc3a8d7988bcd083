"""Visit records (上门记录): check-in/out, the record, outcomes, agreements and surveys."""
