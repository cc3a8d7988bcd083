"""The case file as one Chinese PDF, on ``documents.pdf.ChineseDocument``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from doorstep.cases.model import BUSINESS_LINE_LABELS, CASE_TYPE_LABELS, STATE_LABELS
from doorstep.contacts.model import PARTY_LABELS, PROOF_LABELS, Party, Proof
from doorstep.core.clock import local
from doorstep.documents.pdf import ChineseDocument, FontChoice
from doorstep.legal.case_file import CaseFile
from doorstep.legal.model import FAILURE_REASON_LABELS, MEDIATION_STATE_LABELS
from doorstep.visits.records.model import OUTCOME_LABELS, Outcome

CHANNELS = {"visit": "上门", "phone": "电话", "sms": "短信", "letter": "信函"}


def _money(v: Decimal) -> str:
    return f"¥{v:,.2f}"


def _zh(labels: dict[Any, tuple[str, str]], value: str) -> str:
    for key, pair in labels.items():
        if str(key) == value:
            return str(pair[0])
    return value


def _when(v: object) -> str:
    return local(v).strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else "—"


def _outcome(value: str) -> str:
    try:
        return OUTCOME_LABELS[Outcome(value)][0]
    except ValueError:
        return value


def _parties(doc: ChineseDocument, cf: CaseFile) -> None:
    f, p = cf.facts, cf.facts.party
    doc.heading("一、当事人信息")
    doc.key_values([("申请人（债权人）", f"{f.bank_name}（{f.branch_name}）"),
                    ("被申请人（客户）", p.name), ("客户号", p.customer_no),
                    ("身份证号", p.national_id), ("联系电话", p.phone), ("住址", p.address)])


def _matter(doc: ChineseDocument, cf: CaseFile) -> None:
    f = cf.facts
    doc.heading("二、案件与争议摘要")
    doc.key_values([
        ("案件编号", f.case_no), ("案件类型", _zh(CASE_TYPE_LABELS, f.case_type)),
        ("业务条线", _zh(BUSINESS_LINE_LABELS, f.business_line)),
        ("当前状态", _zh(STATE_LABELS, f.state)), ("立案时间", _when(f.opened_at)),
        ("逾期金额", _money(f.overdue_amount)), ("涉案金额", _money(f.amount_at_stake))])
    doc.paragraph(cf.dispute_summary)


def _interest(doc: ChineseDocument, cf: CaseFile) -> None:
    t = cf.interest
    doc.heading("三、金额与利息计算")
    doc.paragraph("计算方法：利息 = 逾期本金 × 年利率 × 逾期天数 ÷ 360（单利，四舍五入至分）", 9)
    rows: list[tuple[object, ...]] = [
        (ln.label, _money(ln.overdue_amount), f"{ln.annual_rate * 100:.2f}%",
         f"{ln.daily_rate * 100:.5f}%", ln.days, _money(ln.interest), _money(ln.total))
        for ln in t.lines]
    rows.append(("合计", _money(t.overdue_total), "", "", "", _money(t.interest_total),
                 _money(t.claim_total)))
    doc.table(["账户", "逾期本金", "年利率", "日利率", "逾期天数", "利息", "本息合计"], rows,
              (46, 24, 16, 18, 16, 22, 28))


def _contracts(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading("四、合同与账户")
    doc.table(["账号", "产品", "条线", "开户日期", "余额", "逾期金额", "逾期天数", "状态"],
              [(a.account_no, a.product, _zh(BUSINESS_LINE_LABELS, a.business_line),
                a.opened_on.isoformat(), _money(a.balance), _money(a.overdue_amount),
                a.days_past_due, a.status) for a in cf.facts.accounts] or [("—",) * 8])
    doc.heading("五、还款记录")
    doc.table(["账号", "月份", "应还", "实还", "逾期天数", "违背承诺"],
              [(r.account_no, r.month.strftime("%Y-%m"), _money(r.amount_due),
                _money(r.amount_paid), r.days_past_due, "是" if r.promise_broken else "否")
               for r in cf.facts.repayments] or [("—",) * 6])


def _contacts(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading("六、联系记录")
    doc.table(["时间", "方式", "对象", "结果", "签收凭证"],
              [(_when(c.at), CHANNELS.get(c.channel, c.channel), _party(c.party),
                _outcome(c.outcome), _proof(c.proof)) for c in cf.facts.contacts]
              or [("—",) * 5])
    _collection(doc, cf)
    doc.heading("七、上门记录")
    for v in cf.facts.visits:
        doc.key_values([("上门时间", f"{_when(v.check_in_at)} 至 {_when(v.check_out_at)}"),
                        ("上门团队", f"{v.team_name}（{v.staff_present}）"),
                        ("结果", _outcome(v.outcome)), ("了解情况", v.findings),
                        ("客户陈述", v.customer_account)])
    if not cf.facts.visits:
        doc.paragraph("（无上门记录）")


def _party(value: str) -> str:
    return PARTY_LABELS[Party(value)][0] if value in set(Party) else value


def _proof(value: str) -> str:
    return PROOF_LABELS[Proof(value)][0] if value in set(Proof) else value


def _collection(doc: ChineseDocument, cf: CaseFile) -> None:
    """有效催收: met or not, and the contacts that satisfy it."""
    got = cf.collection
    if got is None:
        return
    verdict = "已满足" if got.met else "未满足"
    doc.paragraph(f"有效催收：{verdict}（须 {got.need} 次逾期后、间隔至少 {got.gap_days} 天、"
                  "有签收凭证的有效联系）")
    doc.table(["时间", "方式", "签收凭证"],
              [(_when(c.at), CHANNELS.get(c.channel, c.channel), _proof(c.proof))
               for c in got.contacts] or [("—",) * 3])
    if got.missing:
        doc.paragraph(f"尚缺：{got.missing}")


def _evidence(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading("八、证据清单（SHA-256）")
    doc.table(["文件", "类型", "大小（字节）", "SHA-256"],
              [(e.archive_name, e.kind, e.size, e.sha256) for e in cf.evidence]
              or [("—",) * 4], (50, 16, 22, 102))


def _agreements(doc: ChineseDocument, cf: CaseFile) -> None:
    doc.heading("九、协议与调解")
    doc.table(["类型", "金额", "减免", "状态", "签订时间", "期数"],
              [(a.kind, _money(a.total_amount), _money(a.fee_waiver_amount), a.state,
                _when(a.created_at), len(a.instalments)) for a in cf.facts.agreements]
              or [("—",) * 6])
    m = cf.facts.mediation
    if m is None:
        doc.paragraph("（尚未进入诉前调解）")
        return
    pairs = [("调解状态", _zh(MEDIATION_STATE_LABELS, m.state.value)),
             ("开始时间", _when(m.started_at)), ("期限", _when(m.due_at)),
             ("延期次数", str(len(m.extensions)))]
    if m.failure_reason is not None:
        pairs.append(("失败原因", f"{FAILURE_REASON_LABELS[m.failure_reason][0]} "
                                  f"{m.failure_text}".strip()))
    if m.agreement is not None and cf.confirmation is not None:
        a = m.agreement
        pairs += [("调解协议", a.terms), ("协议金额", _money(a.amount)),
                  ("分期期数", str(a.instalments)), ("签署日期", a.signed_on.isoformat()),
                  ("司法确认申请期限", cf.confirmation.deadline.isoformat())]
    doc.key_values(pairs)


def render_pdf(cf: CaseFile, font: FontChoice) -> bytes:
    """The case file as PDF bytes, Chinese text embedded and extractable."""
    doc = ChineseDocument(f"诉前案卷 {cf.facts.case_no}", font,
                          footer=f"{cf.facts.bank_name} · 案卷 {cf.facts.case_no}")
    doc.paragraph(f"制作时间：{_when(cf.prepared_at)}　制作人：{cf.prepared_by}", 9)
    for part in (_parties, _matter, _interest, _contracts, _contacts, _evidence, _agreements):
        part(doc, cf)
    return doc.to_bytes()
