"""Strings of the job pages (后台任务), ``code -> (zh-CN, en)``."""

from doorstep.core.i18n import register

register({
    "web.job.title": ("后台任务", "Background job"),
    "web.job.heading": ("任务 {id}：{kind}", "Job {id}: {kind}"),
    "web.job.state.queued": ("排队中", "Queued"),
    "web.job.state.running": ("运行中", "Running"),
    "web.job.state.done": ("已完成", "Done"),
    "web.job.state.failed": ("失败", "Failed"),
    "web.job.progress": ("进度", "Progress"),
    "web.job.step": ("当前步骤", "Step"),
    "web.job.attempts": ("尝试次数", "Attempts"),
    "web.job.started": ("提交时间", "Submitted"),
    "web.job.result": ("查看结果", "Open the result"),
    "web.job.waiting": ("页面每秒自动刷新，可离开本页，任务在后台继续运行。",
                        "This page refreshes every second; you may leave, the job goes on."),
    "web.job.back": ("返回", "Back"),
    "web.job.kind.screening.run": ("客户筛选", "Screening run"),
    "web.job.kind.routes.plan": ("路线规划", "Route planning"),
    "web.job.kind.routes.plan_tomorrow": ("次日路线规划", "Tomorrow's routes"),
    "web.job.kind.reports.monthly": ("月度报告", "Monthly report"),
    "web.job.kind.screening.retrain": ("模型重训", "Retraining"),
    "web.job.kind.outbox.deliver": ("消息发送", "Message delivery"),
    "web.job.kind.evaluation.refresh": ("指标刷新", "KPI refresh"),
    "web.job.kind.ops.retention": ("数据保留清理", "Retention purge"),
    "web.job.kind.timers": ("时限检查", "Timers"),
    "web.job.step.features": ("计算特征", "Computing features"),
    "web.job.step.rules and risk": ("规则与风险评分", "Rules and risk"),
    "web.job.step.ranking": ("排序", "Ranking"),
    "web.job.step.reasons": ("生成原因说明", "Reasons"),
    "web.job.step.routing": ("求解路线", "Solving routes"),
})
