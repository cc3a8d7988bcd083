"""Customer complaints with a handling clock (the NFRA rules on handling consumer complaints)."""
