"""Strings of the dispatch, team, plan and appointment pages, ``code -> (zh-CN, en)``."""

from doorstep.core.i18n import register

DISPATCH_MESSAGES: dict[str, tuple[str, str]] = {
    "web.nav.dispatch": ("调度", "Dispatch"),
    "web.nav.teams": ("团队", "Teams"),
    "web.nav.plans": ("项目计划", "Plans"),
    "web.dispatch.title": ("调度台", "Dispatch board"),
    "web.dispatch.day": ("日期", "Day"),
    "web.dispatch.show": ("查看", "Show"),
    "web.dispatch.plan": ("规划路线", "Plan routes"),
    "web.dispatch.visits": ("当日待拜访", "Visits of the day"),
    "web.dispatch.teams": ("值班团队", "Teams on duty"),
    "web.dispatch.routes": ("路线图", "Routes"),
    "web.dispatch.no_plan": ("尚未规划路线。", "No routes planned yet."),
    "web.dispatch.unassigned": ("未安排的拜访", "Unassigned visits"),
    "web.dispatch.fixed": ("已约时段", "Agreed slot"),
    "web.dispatch.flexible": ("灵活安排", "Flexible"),
    "web.dispatch.summary": ("共 {visits} 个拜访，已安排 {assigned} 个，未安排 {unassigned} 个，"
                             "总行驶 {travel} 分钟",
                             "{visits} visits: {assigned} routed, {unassigned} unassigned, "
                             "{travel} minutes of driving"),
    "web.dispatch.agenda": ("日程", "Agenda"),
    "web.dispatch.capacity": ("当日待拜访 {visits} 个；{teams} 个值班团队今日约可完成 "
                              "{capacity} 个",
                              "{visits} visits due; the {teams} teams on duty can make about "
                              "{capacity} today"),
    "web.dispatch.over": ("超出约 {n} 个：可增加值班团队或把部分拜访改到有空位的日期",
                          "about {n} too many: put another team on duty or move visits to a "
                          "day with room"),
    "web.dispatch.workload": ("{used}/{teams} 个团队有任务；每组 {vmin}–{vmax} 个拜访、"
                              "{hmin}–{hmax} 小时",
                              "{used} of {teams} teams have work; {vmin}–{vmax} visits and "
                              "{hmin}–{hmax} hours per team"),
    "web.dispatch.travel_fallback": ("道路通行时间服务不可用（{why}），本方案按直线距离×道路系数"
                                     "估算",
                                     "The road travel-time service failed ({why}); this plan "
                                     "uses the straight-line estimate"),
    "web.dispatch.travel_road": ("行驶时间来自道路网络服务", "Travel times from the road network"),
    "web.dispatch.absent": ("今日请假的团队", "Teams off today"),
    "web.dispatch.fixes": ("可采取的措施", "What to do"),
    "web.dispatch.changes": ("当日变动后重新规划", "Re-plan after a change"),
    "web.dispatch.sick": ("团队请假", "Team off sick"),
    "web.dispatch.sick_button": ("登记请假并重新规划", "Record and re-plan"),
    "web.dispatch.long": ("拜访超时", "Visit running long"),
    "web.dispatch.long_minutes": ("超出（分钟）", "Extra minutes"),
    "web.dispatch.long_button": ("登记超时并重新规划", "Record and re-plan"),
    "web.dispatch.home": ("驻地", "Home base"),
    "web.dispatch.none": ("当日无拜访", "No visits that day"),
    "web.dispatch.navigate": ("导航", "Navigate"),
    "web.dispatch.calendar": ("订阅日历 (.ics)", "Calendar (.ics)"),
    "web.dispatch.arrival": ("到达", "Arrive"),
    "web.dispatch.departure": ("离开", "Leave"),
    "web.dispatch.travel": ("路程(分钟)", "Travel (min)"),
    "web.dispatch.status": ("安排", "Status"),
    "web.dispatch.routed": ("已排入路线", "Routed"),
    "web.teams.title": ("团队与人员", "Teams and staff"),
    "web.teams.staff": ("外访人员", "Field staff"),
    "web.teams.role": ("岗位", "Role"),
    "web.teams.skills": ("技能", "Skills"),
    "web.teams.certificates": ("资质证书（有效期至）", "Certificates (valid until)"),
    "web.teams.shift": ("班次", "Shift"),
    "web.teams.home": ("驻地坐标", "Home base"),
    "web.teams.expired": ("已过期", "expired"),
    "web.teams.members": ("成员", "Members"),
}
register(DISPATCH_MESSAGES)
