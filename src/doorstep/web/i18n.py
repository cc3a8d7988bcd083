"""The web pages' own strings, ``code -> (zh-CN, en)``, registered in the shared catalogue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from doorstep.core.i18n import Msg, catalogue, label_in, normalise, register, translate

WEB_MESSAGES: dict[str, tuple[str, str]] = {
    "web.app": ("诉前上门管理系统", "Doorstep pre-litigation visits"),
    "web.nav.home": ("今日工作", "Today"),
    "web.nav.cases": ("案件", "Cases"),
    "web.nav.audit": ("审计", "Audit"),
    "web.logout": ("退出", "Log out"),
    "web.head_office": ("总行", "Head office"),
    "web.login.title": ("登录", "Log in"),
    "web.login.username": ("用户名", "User name"),
    "web.login.password": ("密码", "Password"),
    "web.login.submit": ("登录", "Log in"),
    "web.login.hint": ("请使用行内分配的账号登录", "Use the account the bank gave you"),
    "web.home.title": ("今日工作", "Today's work"),
    "web.home.by_state": ("案件状态分布", "Cases by state"),
    "web.home.overdue": ("逾期未办", "Past SLA, still open"),
    "web.home.due_today": ("今日到期", "Due today"),
    "web.home.open": ("在办案件", "Open cases"),
    "web.home.none": ("暂无", "None"),
    "web.home.no_cases": ("您的角色不处理案件。", "Your role does not work on cases."),
    "web.home.view_all": ("查看全部", "View all"),
    "web.cases.title": ("案件列表", "Cases"),
    "web.cases.all": ("全部", "All"),
    "web.cases.search": ("案件编号 / 客户姓名", "Case no. / customer name"),
    "web.cases.overdue_only": ("仅看逾期", "Past SLA only"),
    "web.cases.filter": ("筛选", "Filter"),
    "web.cases.reset": ("重置", "Reset"),
    "web.cases.export": ("导出 CSV", "Export CSV"),
    "web.cases.empty": ("没有符合条件的案件", "No cases match"),
    "web.cases.total": ("共 {total} 件", "{total} cases"),
    "web.cases.prev": ("上一页", "Previous"),
    "web.cases.next": ("下一页", "Next"),
    "web.cases.page": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "web.sort": ("排序", "Sort"),
    "web.sort.sla_due": ("SLA 到期（早→晚）", "SLA due (soonest)"),
    "web.sort.-sla_due": ("SLA 到期（晚→早）", "SLA due (latest)"),
    "web.sort.priority": ("优先级", "Priority"),
    "web.sort.-amount": ("涉及金额（高→低）", "Amount at stake"),
    "web.sort.-opened_at": ("立案时间（新→旧）", "Newest"),
    "web.col.case_no": ("案件编号", "Case no."),
    "web.col.customer": ("客户", "Customer"),
    "web.col.branch": ("网点", "Branch"),
    "web.col.type": ("类型", "Type"),
    "web.col.line": ("条线", "Business line"),
    "web.col.state": ("状态", "State"),
    "web.col.priority": ("优先级", "Priority"),
    "web.col.overdue_amount": ("逾期金额", "Overdue amount"),
    "web.col.amount": ("涉及金额", "Amount at stake"),
    "web.col.sla_due": ("SLA 到期", "SLA due"),
    "web.col.team": ("负责团队", "Team"),
    "web.col.plan": ("所属计划", "Plan"),
    "web.col.opened": ("立案时间", "Opened"),
    "web.col.version": ("版本", "Version"),
    "web.col.attempts": ("未遇次数", "Failed attempts"),
    "web.col.summary": ("案情摘要", "Summary"),
    "web.case.actions": ("可执行操作", "Actions"),
    "web.case.legal_desk": ("进入诉前调解工作台", "Open the legal desk"),
    "web.case.no_actions": ("当前状态下您没有可执行的操作。",
                            "No action open to you in this state."),
    "web.case.note": ("备注", "Note"),
    "web.case.team_id": ("团队编号", "Team id"),
    "web.case.override": ("合规例外审批（可选）", "Compliance override (optional)"),
    "web.case.approver": ("审批人", "Approver"),
    "web.case.override_hint": ("填写理由后提交审批：由另一位有权限的人员在「待我审批」中批准后生效",
                               "Give a reason to send it for approval: it takes effect once "
                               "another authorised person approves it under 'Awaiting my "
                               "approval'"),
    "web.case.reason": ("例外理由", "Reason"),
    "web.case.history": ("处理记录", "History"),
    "web.case.customer": ("客户信息", "Customer"),
    "web.case.done": ("操作成功：{command}", "Done: {command}"),
    "web.case.opened": ("立案", "Opened"),
    "web.case.state_change": ("{from_state} → {to_state}", "{from_state} → {to_state}"),
    "web.customer.title": ("客户详情", "Customer"),
    "web.customer.no": ("客户号", "Customer no."),
    "web.customer.district": ("所在区", "District"),
    "web.customer.contact_times": ("方便联系时间", "Preferred contact times"),
    "web.customer.flags": ("标记", "Flags"),
    "web.customer.do_not_visit": ("禁止上门", "Do not visit"),
    "web.customer.regulator": ("监管投诉中", "Under regulator complaint"),
    "web.customer.accounts": ("账户", "Accounts"),
    "web.customer.complaints": ("投诉与反馈", "Complaints"),
    "web.customer.reveal": ("查看", "Show"),
    "web.customer.purpose": ("查看用途（将记入审计）", "Purpose (audited)"),
    "web.customer.revealed": ("已查看，已记录审计", "Shown; the reveal was audited"),
    "web.acct.no": ("账号", "Account no."),
    "web.acct.product": ("产品", "Product"),
    "web.acct.balance": ("余额", "Balance"),
    "web.acct.dpd": ("逾期天数", "Days past due"),
    "web.acct.status": ("状态", "Status"),
    "web.cmp.channel": ("渠道", "Channel"),
    "web.cmp.category": ("类别", "Category"),
    "web.cmp.severity": ("严重程度", "Severity"),
    "web.cmp.received": ("受理时间", "Received"),
    "web.cmp.text": ("内容", "Text"),
    "web.audit.title": ("审计追踪", "Audit trail"),
    "web.audit.entity": ("对象类型", "Entity"),
    "web.audit.actor": ("操作人", "Actor"),
    "web.audit.verify": ("校验审计链", "Verify the chain"),
    "web.audit.verify_ok": ("审计链完整：共校验 {count} 条记录",
                            "Chain intact: {count} events checked"),
    "web.audit.verify_broken": ("审计链被篡改：第 {seq} 条记录异常（{reason}）",
                                "Chain broken at event {seq} ({reason})"),
    "web.audit.events": ("最近事件", "Recent events"),
    "web.audit.exceptions": ("合规例外", "Compliance exceptions"),
    "web.audit.seq": ("序号", "Seq"),
    "web.audit.at": ("时间", "Time"),
    "web.audit.action": ("动作", "Action"),
    "web.audit.object": ("对象", "Object"),
    "web.audit.change": ("变更", "Change"),
    "web.audit.rule": ("规则", "Rule"),
    "web.audit.detail": ("情况", "Detail"),
    "web.error.403": ("无权访问", "Forbidden"),
    "web.error.404": ("页面或记录不存在", "Not found"),
    "web.error.404_text": ("您要找的页面或记录不存在，或不在您的网点范围内。",
                           "The page or record does not exist or is outside your branch."),
    "web.error.back": ("返回首页", "Back to the start page"),
    "web.error.title": ("出错了", "Something went wrong"),
}
register(WEB_MESSAGES)

Translator = Callable[..., str]


def translator(lang: str) -> Translator:
    """A ``t(code, **params)`` bound to one language, for templates."""

    def t(code: str, **params: Any) -> str:
        return translate(code, lang, **params)

    return t


def label(entry: str | tuple[str, ...] | Msg, lang: str) -> str:
    """A label table's entry in ``lang``: a msgid, or an older ``(zh, en)`` pair."""
    return label_in(entry, lang)


def install_gettext(env: Environment) -> None:
    """``_()``, ``gettext``, ``ngettext``, ``pgettext`` and ``{% trans %}`` in templates, in the
    page's language (the ``lang`` every page's context carries)."""

    @pass_context
    def _gettext(ctx: Context, message: str) -> str:
        return catalogue(normalise(ctx.get("lang"))).gettext(message)

    @pass_context
    def _ngettext(ctx: Context, singular: str, plural: str, n: int) -> str:
        return catalogue(normalise(ctx.get("lang"))).ngettext(singular, plural, n)

    @pass_context
    def _pgettext(ctx: Context, context: str, message: str) -> str:
        return catalogue(normalise(ctx.get("lang"))).pgettext(context, message)

    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext)
