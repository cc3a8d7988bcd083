"""Evaluation: KPIs, goals, effect of visits against the holdout, satisfaction,
reports. Entry points: ``evaluation.service.plan_kpis``, ``kpis_by``, ``effect_of_visits``,
``satisfaction``; ``evaluation.reports`` for Excel, PDF and the monthly job."""
