"""Cases: the one matter to settle with one customer, its lifecycle and the compliance policy."""
