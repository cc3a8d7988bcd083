"""Customers: the people a case is about; personal data masked unless revealed."""
