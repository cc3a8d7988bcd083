"""The improvement loop: retrain on new outcomes, compare on a time-based holdout,
report population drift (PSI), promote only on approval, and recommend what to change."""
