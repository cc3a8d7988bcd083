"""Strings of the evaluation pages, ``code -> (zh-CN, en)``."""

from doorstep.core.i18n import register

EVALUATION_MESSAGES: dict[str, tuple[str, str]] = {
    "web.nav.evaluation": ("效果评估", "Evaluation"),
    "web.eval.title": ("效果评估", "Evaluation"),
    "web.eval.plans": ("各计划效果评估", "Evaluation by plan"),
    "web.eval.open": ("查看看板", "Open dashboard"),
    "web.eval.none": ("暂无可评估的计划", "No plan to evaluate yet"),
    "web.eval.bank": ("全行报告（本月）", "Whole bank (this month)"),
    "web.eval.period": ("统计期间", "Period"),
    "web.eval.from": ("开始", "From"),
    "web.eval.to": ("结束", "To"),
    "web.eval.apply": ("查询", "Apply"),
    "web.eval.export_xlsx": ("导出 Excel", "Export Excel"),
    "web.eval.export_pdf": ("导出 PDF 报告", "Export PDF report"),
    "web.eval.satisfaction": ("满意度与客户意见", "Satisfaction and comments"),
    "web.eval.back": ("返回看板", "Back to the dashboard"),
    "web.eval.cases": ("期间内案件 {cases} 件", "{cases} cases open in the period"),
    "web.eval.goals_met": ("计划目标：已达成 {met} / {total} 项", "Goals met: {met} of {total}"),
    "web.eval.kpis": ("关键指标", "Key figures"),
    "web.eval.as_of": ("数据截至 {at}", "Figures as of {at}"),
    "web.eval.live": ("数据为实时计算", "Figures computed live"),
    "web.eval.refresh": ("立即刷新", "Refresh now"),
    "web.eval.goals": ("计划目标", "Goals"),
    "web.eval.charts": ("图表", "Charts"),
    "web.eval.chart_team": ("各小组上门次数与化解率", "Visits and resolution rate by team"),
    "web.eval.chart_line": ("各业务条线升级率与诉讼率", "Escalation and litigation by line"),
    "web.eval.chart_trend": ("每月上门次数", "Visits per month"),
    "web.eval.breakdown": ("分维度指标", "Breakdown"),
    "web.eval.name": ("名称", "Name"),
    "web.eval.case_count": ("案件数", "Cases"),
    "web.eval.effect": ("上门拜访效果（与随机对照组比较）", "Effect of visits (vs random holdout)"),
    "web.eval.itt_note": ("按随机分组（意向性分析）比较：拜访组为随机抽中上门的全部客户"
                          "（无论是否实际上门），"
                          "对照组为随机留作对照的全部客户；结果取自账户还款、投诉与诉讼数据，"
                          "区间为 95% 置信区间（CUPED 方差缩减）",
                          "Intention to treat on the randomised: everyone drawn for a visit "
                          "(visited or not) against everyone drawn into the holdout; outcomes "
                          "from account, complaint and litigation data; 95 % intervals with "
                          "CUPED"),
    "web.eval.mde": ("当前样本可检测的最小效果（80% 把握度）：90 天转正常比例 {mde} 个百分点",
                     "Smallest detectable effect (80 % power): {mde} points on the 90-day "
                     "cure rate"),
    "web.eval.cace": ("实际上门的效果（依从者平均因果效应）",
                      "Effect of a visit actually made (complier average causal effect)"),
    "web.eval.cace_note": ("随机分组作为工具变量：意向性效果 ÷ 两组实际上门比例之差"
                           "（{share} 个百分点）；假设随机分组只通过上门影响结果",
                           "Assignment as the instrument: intention-to-treat effect ÷ the "
                           "difference in the share visited ({share} points); assumes "
                           "assignment affects outcomes only through the visit"),
    "web.eval.manual": ("人工添加客户 {n} 人未经随机分配，单独列示，不计入比较",
                        "{n} hand-added customers were not randomised and are reported apart"),
    "web.eval.loading": ("正在计算…", "Computing…"),
    "web.eval.champion": ("挑战者策略与冠军策略", "Challenger vs champion"),
    "web.eval.measure": ("指标", "Measure"),
    "web.eval.treated": ("处理组", "Treated"),
    "web.eval.control": ("对照组", "Control"),
    "web.eval.difference": ("差值", "Difference"),
    "web.eval.interval": ("95% 置信区间", "95% interval"),
    "web.eval.groups": ("{treated} {tn} 人，{control} {cn} 人",
                        "{treated}: {tn}; {control}: {cn}"),
    "web.eval.small": ("样本量不足，结论仅供参考", "Sample too small to tell"),
    "web.eval.no_screening": ("该计划尚无已审批的筛选名单，无法与对照组比较",
                              "No approved screening run: nothing to compare with"),
    "web.eval.csat": ("满意度", "CSAT"),
    "web.eval.dissatisfied": ("不满意意见 {n} 条", "{n} dissatisfied comments"),
    "web.eval.dissatisfied_label": ("不满意意见（条）", "Dissatisfied comments"),
    "web.eval.themes": ("意见主要主题", "Main themes"),
    "web.eval.unhappy_themes": ("不满意意见主题", "Themes of dissatisfied comments"),
    "web.eval.comments": ("客户意见（按不满意度排序）", "Comments (most dissatisfied first)"),
    "web.eval.no_comments": ("期间内暂无客户意见", "No comments in the period"),
    "web.eval.score": ("不满意度", "Dissatisfaction"),
    "web.eval.answered": ("答复时间", "Answered"),
    "web.eval.case_no": ("案件编号", "Case"),
    "web.eval.comment": ("意见", "Comment"),
    "web.eval.runs": ("月度报告运行记录", "Monthly report runs"),
    "web.eval.run_status.done": ("已生成", "Written"),
    "web.eval.run_status.skipped": ("未变化，跳过", "Unchanged, skipped"),
    "web.eval.month": ("月份", "Month"),
    "web.eval.files": ("文件", "Files"),
    "web.eval.status": ("状态", "Status"),
    "web.eval.at": ("时间", "At"),
    "web.eval.plan": ("计划", "Plan"),
    "web.eval.all_plans": ("全行", "Whole bank"),
}
register(EVALUATION_MESSAGES)
