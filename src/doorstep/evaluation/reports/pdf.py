"""An evaluation report as a PDF with charts, on the shared ``ChineseDocument``.

The report speaks the language it is made in (``lang``, Chinese by default).
"""

from __future__ import annotations

from doorstep.core.i18n import _, using_language
from doorstep.documents.pdf import ChineseDocument, FontChoice
from doorstep.evaluation.effect import MEASURES
from doorstep.evaluation.kpis import format_kpi, kpi_values
from doorstep.evaluation.model import Dimension
from doorstep.evaluation.reports.bundle import BREAKDOWN_METRICS, Report, goal_rows
from doorstep.evaluation.reports.labels import dimension_name, kpi_name

_COMPARATORS = {">=": "≥", "<=": "≤"}


def _overview(doc: ChineseDocument, r: Report) -> None:
    doc.key_values([(_("Period"), str(r.period.label)),
                    (_("Generated"), r.generated_at.strftime("%Y-%m-%d %H:%M") + " UTC"),
                    (_("Cases in the period"), _("%(n)s cases", n=f"{r.totals.cases:,}"))])
    doc.heading(_("Key figures"))
    doc.table([_("Measure"), _("Value")], [(kpi_name(m), format_kpi(m, v))
                                           for m, v in r.values.items()], widths=(90, 90))
    rates = [(kpi_name(m)[:6], round((r.values[m] or 0) * 100, 1))
             for m in ("contact_rate", "resolution_rate", "escalation_rate", "litigation_rate",
                       "agreements_kept_rate", "survey_response_rate")]
    doc.bar_chart(_("Main rates (%%)"), rates, unit="%")


def _goals(doc: ChineseDocument, r: Report) -> None:
    rows = goal_rows(r)
    if not rows:
        return
    doc.heading(_("Plan goals met or not"))
    doc.table([_("Measure"), _("Goal"), _("Actual"), _("Verdict")],
              [(kpi_name(m), f"{_COMPARATORS.get(c, c)} {format_kpi(m, t)}",
                format_kpi(m, a), _("Met") if met else _("Not met"))
               for m, c, t, a, met in rows],
              widths=(60, 40, 40, 40))


def _breakdown(doc: ChineseDocument, r: Report, dim: Dimension) -> None:
    groups = r.breakdowns.get(dim, [])
    name = dimension_name(dim)
    doc.heading(_("By %(dimension)s", dimension=name))
    top = groups[:15]
    doc.table([name, _("Cases")] + [kpi_name(m)[:6] for m in BREAKDOWN_METRICS],
              [[g.name, g.counts.cases] + [format_kpi(m, v) for m, v in
                                           ((m, kpi_values(g.counts)[m])
                                            for m in BREAKDOWN_METRICS)] for g in top])
    doc.bar_chart(_("Visits made per %(dimension)s", dimension=name),
                  [(g.name, g.counts.visits_done) for g in top[:10]])


def _satisfaction(doc: ChineseDocument, r: Report) -> None:
    s = r.satisfaction
    doc.heading(_("Customer satisfaction"))
    doc.paragraph(_("Satisfaction %(csat)s, net promoter score %(nps)s, survey response rate "
                    "%(response)s; %(n)s dissatisfied comments.",
                    csat=format_kpi("csat", r.values["csat"]),
                    nps=format_kpi("nps", r.values["nps"]),
                    response=format_kpi("survey_response_rate", r.values["survey_response_rate"]),
                    n=s.dissatisfied))
    sep = _(", ")
    if s.dissatisfied_themes:
        doc.paragraph(_("Main themes of dissatisfied comments: %(themes)s",
                        themes=sep.join(w for w, _n in s.dissatisfied_themes)))
    if s.themes:
        doc.paragraph(_("Main themes of all comments: %(themes)s",
                        themes=sep.join(w for w, _n in s.themes)))
    if s.comments:
        doc.table([_("Case"), _("Satisfaction"), _("Dissatisfaction"), _("Comment")],
                  [(c.case_no, c.csat, "—" if c.dissatisfaction is None
                    else f"{c.dissatisfaction:.2f}", c.text) for c in s.comments[:20]],
                  widths=(35, 20, 20, 105))


def _effect(doc: ChineseDocument, r: Report) -> None:
    if r.effect is None:
        return
    doc.heading(_("Effect of visits (randomised, intention to treat)"))
    doc.paragraph(r.effect.headline)
    for caveat in r.effect.caveats:
        doc.paragraph(_("Note: %(caveat)s", caveat=caveat))
    v = r.effect.visits
    doc.paragraph(_("Visit group: %(treated)s customers (drawn for a visit, visited or not); "
                    "holdout: %(control)s customers (kept back, not visited); outcomes from "
                    "accounts, complaints and litigation.", treated=v.treated_n,
                    control=v.control_n))
    for e in v.estimates:
        doc.paragraph("· " + r.effect.visit_verdicts[e.measure])
    doc.bar_chart(_("Visit group minus holdout (points)"),
                  [(MEASURES[e.measure].name(), round((e.difference or 0) * 100, 1))
                   for e in v.estimates if MEASURES[e.measure].rate])
    for x in r.effect.cace:
        rate = MEASURES[x.measure].rate
        scale = 100 if rate else 1
        doc.paragraph(_("· Effect of a visit made: %(measure)s %(difference)s (95%% confidence "
                        "interval %(low)s to %(high)s)", measure=MEASURES[x.measure].name(),
                        difference=f"{(x.difference or 0) * scale:+.1f}",
                        low=f"{(x.low or 0) * scale:+.1f}", high=f"{(x.high or 0) * scale:+.1f}"))
    c = r.effect.challenger
    doc.paragraph(_("Challenger strategy %(treated)s customers, champion strategy %(control)s:",
                    treated=c.treated_n, control=c.control_n))
    for e in c.estimates:
        doc.paragraph("· " + r.effect.challenger_verdicts[e.measure])


def report_pdf(r: Report, font: FontChoice, lang: str = "zh-CN") -> bytes:
    """The report as PDF bytes: KPIs with charts, goals, breakdowns, satisfaction, effect."""
    with using_language(lang):
        doc = ChineseDocument(r.title, font, footer=_("Doorstep evaluation · %(period)s",
                                                      period=r.period.label))
        _overview(doc, r)
        _goals(doc, r)
        _effect(doc, r)
        for dim in r.breakdowns:
            _breakdown(doc, r, dim)
        _satisfaction(doc, r)
        return doc.to_bytes()
