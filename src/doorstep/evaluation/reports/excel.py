"""An evaluation report as an Excel workbook (openpyxl): one sheet per view."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from doorstep.core.i18n import _, using_language
from doorstep.evaluation.effect import MEASURES
from doorstep.evaluation.kpis import KPI_KINDS, kpi_values
from doorstep.evaluation.reports.bundle import BREAKDOWN_METRICS, Report, goal_rows
from doorstep.evaluation.reports.labels import dimension_name, kpi_name

HEAD_FILL = PatternFill("solid", fgColor="DCE6F2")


def _sheet(wb: Workbook, title: str, header: Sequence[str],
           rows: Iterable[Sequence[object]]) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    for row in rows:
        ws.append(list(row))
    for i in range(1, len(header) + 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 18 if i > 1 else 28
    ws.freeze_panes = "A2"
    return ws


def _overview(wb: Workbook, r: Report) -> None:
    ws = _sheet(wb, _("Overview"), [_("Measure"), _("Value")], [
        (_("Report"), r.title), (_("Period"), str(r.period.label)),
        (_("Generated (UTC)"), r.generated_at.strftime("%Y-%m-%d %H:%M")),
        (_("Number of cases in the period"), r.totals.cases)])
    for metric, value in r.values.items():
        ws.append([kpi_name(metric), value])
        if _kind(metric) == "rate" and value is not None:
            ws.cell(ws.max_row, 2).number_format = "0.0%"


def _goals(wb: Workbook, r: Report) -> None:
    _sheet(wb, _("Plan goals"), [_("Measure"), _("Comparison"), _("Goal"), _("Actual"),
                                 _("Met?")],
           [(kpi_name(m), c, t, a, _("Met") if met else _("Not met"))
            for m, c, t, a, met in goal_rows(r)])


def _breakdowns(wb: Workbook, r: Report) -> None:
    header = [_("Name"), _("Cases")] + [kpi_name(m) for m in BREAKDOWN_METRICS]
    for dim, groups in r.breakdowns.items():
        rows = []
        for g in groups:
            values = kpi_values(g.counts)
            rows.append([g.name, g.counts.cases] + [values[m] for m in BREAKDOWN_METRICS])
        _sheet(wb, _("By %(dimension)s", dimension=dimension_name(dim)), header, rows)


def _satisfaction(wb: Workbook, r: Report) -> None:
    s = r.satisfaction
    _sheet(wb, _("Satisfaction"), [_("Answered (UTC)"), _("Case no."), _("Satisfaction"), "NPS",
                                   _("Dissatisfaction"), _("Comment")],
           [(c.answered_at.strftime("%Y-%m-%d %H:%M"), c.case_no, c.csat, c.nps,
             None if c.dissatisfaction is None else round(c.dissatisfaction, 3), c.text)
            for c in s.comments])
    _sheet(wb, _("Comment themes"), [_("Keywords of all comments"), _("Weight"),
                                     _("Keywords of dissatisfied comments"), _("Weight")],
           [(a[0] if a else None, round(a[1], 2) if a else None,
             b[0] if b else None, round(b[1], 2) if b else None)
            for a, b in _zip_longest(s.themes, s.dissatisfied_themes)])


def _zip_longest(a: list[tuple[str, float]], b: list[tuple[str, float]]
                 ) -> list[tuple[tuple[str, float] | None, tuple[str, float] | None]]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(n)]


def _effect(wb: Workbook, r: Report) -> None:
    if r.effect is None:
        return
    rows: list[list[object]] = [[_("Verdict"), "", None, None, None, None, None, None, None,
                                 r.effect.headline]]
    rows += [[_("Note"), "", None, None, None, None, None, None, None, c]
             for c in r.effect.caveats]
    for comparison, verdicts in ((r.effect.visits, r.effect.visit_verdicts),
                                 (r.effect.challenger, r.effect.challenger_verdicts)):
        for e in comparison.estimates:
            rows.append([f"{_(comparison.treated_name)} vs {_(comparison.control_name)}",
                         MEASURES[e.measure].name(), comparison.treated_n, comparison.control_n,
                         e.treated, e.control, e.difference, e.low, e.high,
                         verdicts[e.measure]])
    for x in r.effect.cace:
        rows.append([_("Effect of a visit made (CACE)"), MEASURES[x.measure].name(), x.treated_n,
                     x.control_n, None, None, x.difference, x.low, x.high,
                     _("Random assignment as the instrument")])
    _sheet(wb, _("Effect of visits"), [
        _("Comparison"), _("Measure"), _("Treated customers"), _("Control customers"),
        _("Treated"), _("Control"), _("Difference"), _("95%% low"), _("95%% high"),
        _("Verdict")], rows)


def _kind(metric: str) -> str:
    return KPI_KINDS.get(metric, "count")


def report_workbook(r: Report, lang: str = "zh-CN") -> bytes:
    """The report as .xlsx bytes: overview, goals, one sheet per breakdown, satisfaction,
    themes and effect of visits, in ``lang``."""
    with using_language(lang):
        return _workbook(r)


def _workbook(r: Report) -> bytes:
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    _overview(wb, r)
    if r.kpis is not None:
        _goals(wb, r)
    _breakdowns(wb, r)
    _satisfaction(wb, r)
    _effect(wb, r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
