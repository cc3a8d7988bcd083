"""An evaluation report as a PDF with charts, on the shared ``ChineseDocument``."""

from __future__ import annotations

from doorstep.documents.pdf import ChineseDocument, FontChoice
from doorstep.evaluation.effect import MEASURES
from doorstep.evaluation.kpis import KPI_LABELS, format_kpi, kpi_values
from doorstep.evaluation.model import DIMENSION_LABELS, Dimension
from doorstep.evaluation.reports.bundle import BREAKDOWN_METRICS, Report, goal_rows

_COMPARATORS = {">=": "≥", "<=": "≤"}


def _overview(doc: ChineseDocument, r: Report) -> None:
    doc.key_values([("统计期间", r.period.label),
                    ("生成时间", r.generated_at.strftime("%Y-%m-%d %H:%M") + " UTC"),
                    ("期间内案件", f"{r.totals.cases:,} 件")])
    doc.heading("关键指标")
    doc.table(["指标", "数值"], [(KPI_LABELS[m][0], format_kpi(m, v))
                                 for m, v in r.values.items()], widths=(90, 90))
    rates = [(KPI_LABELS[m][0][:6], round((r.values[m] or 0) * 100, 1))
             for m in ("contact_rate", "resolution_rate", "escalation_rate", "litigation_rate",
                       "agreements_kept_rate", "survey_response_rate")]
    doc.bar_chart("主要比率（%）", rates, unit="%")


def _goals(doc: ChineseDocument, r: Report) -> None:
    rows = goal_rows(r)
    if not rows:
        return
    doc.heading("计划目标达成情况")
    doc.table(["指标", "目标", "实际", "结论"],
              [(KPI_LABELS.get(m, (m,))[0], f"{_COMPARATORS.get(c, c)} {format_kpi(m, t)}",
                format_kpi(m, a), "已达成" if met else "未达成") for m, c, t, a, met in rows],
              widths=(60, 40, 40, 40))


def _breakdown(doc: ChineseDocument, r: Report, dim: Dimension) -> None:
    groups = r.breakdowns.get(dim, [])
    name = DIMENSION_LABELS[dim][0]
    doc.heading(f"按{name}")
    top = groups[:15]
    doc.table([name, "案件"] + [KPI_LABELS[m][0][:6] for m in BREAKDOWN_METRICS],
              [[g.name, g.counts.cases] + [format_kpi(m, v) for m, v in
                                           ((m, kpi_values(g.counts)[m])
                                            for m in BREAKDOWN_METRICS)] for g in top])
    doc.bar_chart(f"各{name}完成上门次数", [(g.name, g.counts.visits_done) for g in top[:10]])


def _satisfaction(doc: ChineseDocument, r: Report) -> None:
    s = r.satisfaction
    doc.heading("客户满意度")
    doc.paragraph(f"满意度 {format_kpi('csat', r.values['csat'])}，净推荐值 "
                  f"{format_kpi('nps', r.values['nps'])}，问卷回复率 "
                  f"{format_kpi('survey_response_rate', r.values['survey_response_rate'])}；"
                  f"不满意意见 {s.dissatisfied} 条。")
    if s.dissatisfied_themes:
        doc.paragraph("不满意意见主要主题：" + "、".join(w for w, _ in s.dissatisfied_themes))
    if s.themes:
        doc.paragraph("全部意见主要主题：" + "、".join(w for w, _ in s.themes))
    if s.comments:
        doc.table(["案件", "满意度", "不满意度", "意见"],
                  [(c.case_no, c.csat, "—" if c.dissatisfaction is None
                    else f"{c.dissatisfaction:.2f}", c.text) for c in s.comments[:20]],
                  widths=(35, 20, 20, 105))


def _effect(doc: ChineseDocument, r: Report) -> None:
    if r.effect is None:
        return
    doc.heading("上门拜访效果（随机对照，意向性分析）")
    doc.paragraph(r.effect.headline)
    for caveat in r.effect.caveats:
        doc.paragraph("注意：" + caveat)
    v = r.effect.visits
    doc.paragraph(f"拜访组 {v.treated_n} 人（随机抽中上门，无论是否实际上门），对照组 "
                  f"{v.control_n} 人（随机保留、未拜访）；结果取自账户、投诉与诉讼数据。")
    for e in v.estimates:
        doc.paragraph("· " + r.effect.visit_verdicts[e.measure])
    doc.bar_chart("拜访组与对照组之差（百分点）",
                  [(MEASURES[e.measure][0], round((e.difference or 0) * 100, 1))
                   for e in v.estimates if MEASURES[e.measure][2]])
    for x in r.effect.cace:
        rate = MEASURES[x.measure][2]
        scale = 100 if rate else 1
        doc.paragraph(f"· 实际上门的效果：{MEASURES[x.measure][0]} "
                      f"{(x.difference or 0) * scale:+.1f}（95% 置信区间 "
                      f"{(x.low or 0) * scale:+.1f} 至 {(x.high or 0) * scale:+.1f}）")
    c = r.effect.challenger
    doc.paragraph(f"挑战者策略 {c.treated_n} 人，冠军策略 {c.control_n} 人：")
    for e in c.estimates:
        doc.paragraph("· " + r.effect.challenger_verdicts[e.measure])


def report_pdf(r: Report, font: FontChoice) -> bytes:
    """The report as PDF bytes: KPIs with charts, goals, breakdowns, satisfaction, effect."""
    doc = ChineseDocument(r.title, font, footer=f"Doorstep 效果评估 · {r.period.label}")
    _overview(doc, r)
    _goals(doc, r)
    _effect(doc, r)
    for dim in r.breakdowns:
        _breakdown(doc, r, dim)
    _satisfaction(doc, r)
    return doc.to_bytes()
