"""An evaluation report as an Excel workbook (openpyxl): one sheet per view."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from doorstep.evaluation.effect import MEASURES
from doorstep.evaluation.kpis import KPI_LABELS, kpi_values
from doorstep.evaluation.model import DIMENSION_LABELS
from doorstep.evaluation.reports.bundle import BREAKDOWN_METRICS, Report, goal_rows

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
    for i, _ in enumerate(header, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 18 if i > 1 else 28
    ws.freeze_panes = "A2"
    return ws


def _overview(wb: Workbook, r: Report) -> None:
    ws = _sheet(wb, "概览", ["指标", "数值"], [
        ("报告", r.title), ("统计期间", r.period.label),
        ("生成时间（UTC）", r.generated_at.strftime("%Y-%m-%d %H:%M")),
        ("期间内案件数", r.totals.cases)])
    for metric, value in r.values.items():
        ws.append([KPI_LABELS[metric][0], value])
        if KPI_LABELS[metric][2] == "rate" and value is not None:
            ws.cell(ws.max_row, 2).number_format = "0.0%"


def _goals(wb: Workbook, r: Report) -> None:
    _sheet(wb, "计划目标", ["指标", "比较", "目标值", "实际值", "是否达成"],
           [(KPI_LABELS.get(m, (m,))[0], c, t, a, "已达成" if met else "未达成")
            for m, c, t, a, met in goal_rows(r)])


def _breakdowns(wb: Workbook, r: Report) -> None:
    header = ["名称", "案件数"] + [KPI_LABELS[m][0] for m in BREAKDOWN_METRICS]
    for dim, groups in r.breakdowns.items():
        rows = []
        for g in groups:
            values = kpi_values(g.counts)
            rows.append([g.name, g.counts.cases] + [values[m] for m in BREAKDOWN_METRICS])
        _sheet(wb, f"按{DIMENSION_LABELS[dim][0]}", header, rows)


def _satisfaction(wb: Workbook, r: Report) -> None:
    s = r.satisfaction
    _sheet(wb, "满意度", ["答复时间（UTC）", "案件编号", "满意度", "NPS", "不满意度", "意见"],
           [(c.answered_at.strftime("%Y-%m-%d %H:%M"), c.case_no, c.csat, c.nps,
             None if c.dissatisfaction is None else round(c.dissatisfaction, 3), c.text)
            for c in s.comments])
    _sheet(wb, "意见主题", ["全部意见关键词", "权重", "不满意意见关键词", "权重"],
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
    rows: list[list[object]] = [["结论", "", None, None, None, None, None, None, None,
                                 r.effect.headline]]
    rows += [["注意", "", None, None, None, None, None, None, None, c]
             for c in r.effect.caveats]
    for comparison, verdicts in ((r.effect.visits, r.effect.visit_verdicts),
                                 (r.effect.challenger, r.effect.challenger_verdicts)):
        for e in comparison.estimates:
            rows.append([f"{comparison.treated_name} vs {comparison.control_name}",
                         MEASURES[e.measure][0], comparison.treated_n, comparison.control_n,
                         e.treated, e.control, e.difference, e.low, e.high,
                         verdicts[e.measure]])
    for x in r.effect.cace:
        rows.append(["实际上门的效果（CACE）", MEASURES[x.measure][0], x.treated_n, x.control_n,
                     None, None, x.difference, x.low, x.high, "随机分组作为工具变量"])
    _sheet(wb, "拜访效果", ["比较", "指标", "处理组人数", "对照组人数", "处理组", "对照组",
                          "差值", "95%下限", "95%上限", "结论"], rows)


def report_workbook(r: Report) -> bytes:
    """The report as .xlsx bytes: overview, goals, one sheet per breakdown, satisfaction,
    themes and effect of visits."""
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
