"""Strings of the customer's appointment page, ``code -> (zh-CN, en)``."""

from doorstep.core.i18n import register

APPOINTMENT_MESSAGES: dict[str, tuple[str, str]] = {
    "web.appt.title": ("{bank} 上门拜访预约", "{bank}: home visit appointment"),
    "web.appt.invalid": ("链接无效：该链接不存在或已被篡改。请勿点击来源不明的链接，"
                         "如有疑问请致电 {hotline}。",
                         "This link is not valid: it does not exist or was altered. Do not "
                         "follow links of unknown origin; call {hotline} with any question."),
    "web.appt.expired": ("链接已过期：请致电 {hotline} 或等待工作人员重新与您预约。",
                         "This link has expired: call {hotline} or wait for our staff to "
                         "contact you again."),
    "web.appt.used": ("该链接已使用过，不能重复操作。如需改约请致电 {hotline}。",
                      "This link has already been used. To change the appointment call "
                      "{hotline}."),
    "web.appt.confirmed": ("预约已确认，我们将按约定时间上门，谢谢！",
                           "Appointment confirmed; we will visit at the agreed time. Thank you!"),
    "web.appt.moved": ("已为您改约到新的时段，我们将按新时间上门，谢谢！",
                       "Moved to the new time; we will visit then. Thank you!"),
    "web.appt.declined": ("您已谢绝本次预约，我们会另行与您联系。",
                          "You declined this visit; we will contact you another way."),
    "web.appt.greeting": ("{customer}您好！{bank}{branch}拟安排以下工作人员上门拜访，"
                          "了解您的情况：",
                          "Dear {customer}, {bank} {branch} plans a home visit by these staff "
                          "to hear about your situation:"),
    "web.appt.staff_no": ("工号 {number}", "staff no. {number}"),
    "web.appt.branch": ("网点：{branch}（{address}）· 客服热线：{hotline}",
                        "Branch: {branch} ({address}) · Hotline: {hotline}"),
    "web.appt.choose": ("请选择上门时段", "Choose a time for the visit"),
    "web.appt.suggested": ("（建议时段）", " (suggested)"),
    "web.appt.confirm": ("确认所选时段", "Confirm this time"),
    "web.appt.decline": ("谢绝上门", "Decline the visit"),
    "web.appt.once": ("本链接仅可使用一次。我行工作人员不会要求您转账或提供密码、验证码。",
                      "This link works once. Our staff will never ask you to transfer money "
                      "or give a password or verification code."),
    "web.appt.slot_format": ("%Y年%m月%d日 %H:%M", "%d %b %Y %H:%M"),
}
register(APPOINTMENT_MESSAGES)
