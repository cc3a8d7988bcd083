"""Pre-litigation escalation (DESIGN §10): legal review, mediation and its clocks,
litigation, and the case-file export for the mediation platform or court."""
