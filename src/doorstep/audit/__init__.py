"""The audit trail and compliance exceptions, as the auditor reads them."""
