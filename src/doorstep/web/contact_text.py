"""Strings of the contact log, 有效催收 and complaint-clock panels, ``code -> (zh-CN, en)``."""

from doorstep.core.i18n import register

CONTACT_MESSAGES: dict[str, tuple[str, str]] = {
    "web.contacts.title": ("联系记录", "Contacts"),
    "web.contacts.hint": ("全部渠道计入频次上限；联系第三方须先连续三次联系不上客户本人，"
                          "且不得透露债务信息",
                          "Every channel counts toward the caps; a third party only after "
                          "three failed attempts in a row, never told of the debt"),
    "web.contacts.empty": ("暂无联系记录", "No contact yet"),
    "web.contacts.at": ("时间", "When"),
    "web.contacts.channel": ("方式", "Channel"),
    "web.contacts.party": ("对象", "Who"),
    "web.contacts.relation": ("与客户关系", "Relation"),
    "web.contacts.outcome": ("结果", "Outcome"),
    "web.contacts.proof": ("签收凭证", "Proof of receipt"),
    "web.contacts.by": ("登记人", "Recorded by"),
    "web.contacts.record": ("登记联系", "Record a contact"),
    "web.contacts.message": ("沟通内容", "What was said or sent"),
    "web.contacts.consent": ("客户同意在禁止时段联系", "Customer agreed to a quiet-hours contact"),
    "web.contacts.save": ("保存联系记录", "Save the contact"),
    "web.contacts.done": ("联系记录已保存", "Contact recorded"),
    "web.contacts.collection": ("有效催收", "Effective collection"),
    "web.contacts.met": ("已满足", "Met"),
    "web.contacts.not_met": ("未满足", "Not met"),
    "web.contacts.rule": ("须 {need} 次逾期后、彼此间隔至少 {gap} 天、有签收凭证的有效联系",
                          "{need} contacts after the debt fell overdue, {gap} days apart, each "
                          "with proof of receipt"),
    "web.complaints.overdue": ("超期未办结投诉", "Complaints past their deadline"),
    "web.complaints.channel": ("渠道", "Channel"),
    "web.complaints.received": ("受理时间", "Received"),
    "web.complaints.due": ("处理期限", "Due"),
    "web.complaints.days_overdue": ("超期天数", "Days overdue"),
    "web.complaints.extended": ("已延期", "Extended"),
}
register(CONTACT_MESSAGES)
