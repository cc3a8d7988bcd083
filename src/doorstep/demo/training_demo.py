"""The demo's training programme (DESIGN §2 step 9): courses in communication, law, customer
psychology, compliant visits, technical support and the product lines; past sessions with
attendance and assessments whose passes issued certificates (some due to expire within two
months of the demo date), and upcoming sessions open for enrolment."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, time, timedelta
from random import Random
from typing import Any

from sqlalchemy import Connection, insert, select

from doorstep.demo.context import DemoConfig, to_utc
from doorstep.store import tables as t
from doorstep.store.tables_training import courses, training_records, training_sessions
from doorstep.training.model import Course, certificate_expiry, passes

COURSES = (
    Course(0, "T-CM01", "上门沟通技巧与情绪安抚", "communication",
           "倾听、复述与共情；面对情绪激动客户的降温话术；上门开场与收尾。", 8, 60, None, 0),
    Course(0, "T-PS01", "客户心理与投诉动因分析", "psychology",
           "常见不满动因、损失厌恶与面子心理；识别强烈不满信号。", 6, 60, None, 0),
    Course(0, "T-LG01", "诉前调解相关法律知识", "legal",
           "民法典合同编、金融消费者权益保护、诉前调解程序与文书。", 16, 70,
           "legal_professional", 24),
    Course(0, "T-CP01", "外访合规与催收行为规范", "compliance",
           "外访时段、双人上门、禁止行为清单、录音录像与证据留存。", 6, 80,
           "visit_compliance", 12),
    Course(0, "T-IT01", "账户故障排查与技术支持", "technical",
           "网银与手机银行常见故障、安全设备重置、上门排障流程。", 8, 70, "it_support", 24),
    Course(0, "T-PL01", "个人贷款产品与还款安排", "product",
           "经营贷、消费贷、按揭的利率与还款方式；展期与分期的条件。", 6, 60, None, 0),
    Course(0, "T-PC01", "信用卡分期与费用减免政策", "product",
           "账单分期、最低还款、违约金与费用减免的审批权限。", 4, 60, None, 0),
    Course(0, "T-PW01", "理财与保险产品适当性", "product",
           "风险测评、适当性匹配、双录要求与纠纷常见成因。", 8, 70, "wealth_advisor", 24),
)
TRAINERS = ("刘敏（总行培训中心）", "陈志远（法律合规部）", "黄丽（个人金融部）",
            "周杰（信息科技部）")
PLACES = ("总行培训中心 3楼多功能厅", "福田支行 2楼会议室", "南山支行 培训室",
          "线上直播（企业微信）")
#: (course index, days before the demo date, hour): past sittings and upcoming ones.
SITTINGS = ((3, 345, 9), (3, 330, 14), (0, 200, 9), (2, 150, 9), (4, 700, 14), (1, 90, 14),
            (5, 60, 9), (6, 40, 14), (7, 25, 9), (3, 10, 9), (0, -7, 14), (2, -14, 9),
            (4, -21, 14))


def _pk(result: Any) -> int:
    return int(result.inserted_primary_key[0])


def add_training(conn: Connection, cfg: DemoConfig) -> dict[str, int]:
    """Insert the courses, sessions and records; returns rows per table."""
    rng = cfg.rng("training")
    course_ids = [_pk(conn.execute(insert(courses).values(
        **{k: v for k, v in asdict(c).items() if k != "id"}))) for c in COURSES]
    staff_ids = [r.id for r in conn.execute(select(t.staff.c.id).order_by(t.staff.c.id))]
    counts = {"courses": len(course_ids), "training_sessions": 0, "training_records": 0,
              "training_certificates": 0}
    for index, (course_index, days_ago, hour) in enumerate(SITTINGS):
        day = cfg.as_of - timedelta(days=days_ago)
        session_id = _pk(conn.execute(insert(training_sessions).values(
            course_id=course_ids[course_index],
            starts_at=to_utc(datetime.combine(day, time(hour))),
            trainer=TRAINERS[index % len(TRAINERS)], place=PLACES[index % len(PLACES)],
            capacity=30, created_at=to_utc(datetime.combine(day - timedelta(days=21),
                                                            time(10))))))
        counts["training_sessions"] += 1
        chosen = rng.sample(staff_ids, min(len(staff_ids), rng.randint(8, 16)))
        for staff_id in chosen:
            _record(conn, rng, session_id, staff_id, COURSES[course_index], day, days_ago > 0,
                    counts)
    return counts


def _record(conn: Connection, rng: Random, session_id: int, staff_id: int, course: Course,
            day: Any, held: bool, counts: dict[str, int]) -> None:
    attended = held and rng.random() < 0.92
    score = rng.randint(52, 98) if attended else None
    passed = passes(score, course) if score is not None else None
    certificate_id = None
    expires = certificate_expiry(day, course) if passed else None
    if expires is not None and course.certificate_kind:
        certificate_id = _pk(conn.execute(insert(t.certificates).values(
            staff_id=staff_id, kind=course.certificate_kind, issued_on=day,
            expires_on=expires)))
        counts["training_certificates"] += 1
    conn.execute(insert(training_records).values(
        session_id=session_id, staff_id=staff_id, attended=attended, score=score,
        passed=passed, assessed_on=day if score is not None else None,
        certificate_id=certificate_id))
    counts["training_records"] += 1
