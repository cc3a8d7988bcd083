"""Find and remove personal data in case-study text (DESIGN §9): pure, free of I/O.

Two sources: the customer's own name, phone, national id and address as stored (exact
matches), and patterns for 18-digit national ids, mobile numbers, landlines, bank cards,
street addresses and Chinese names written as 客户X / X先生 / X女士.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: The most common Chinese surnames (double ones first, so they win over single ones).
_SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋"
)
SURNAMES: tuple[str, ...] = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容",
                             *_SINGLE_SURNAMES)
#: Surnames that are also everyday words (向银行, 方面, 于是): not taken as 客户X names.
AMBIGUOUS = frozenset("向于和时方成应解单连车路项全安易文管常师司简边党宫费席卫冷景"
                      "关万包甘计曲古吉米宁申左")
_SURNAME = "(?:" + "|".join(SURNAMES) + ")"
_PLAIN_SURNAME = "(?:" + "|".join(s for s in SURNAMES if s not in AMBIGUOUS) + ")"
_GIVEN = r"(?:(?![某氏])[\u4e00-\u9fa5])"
_TITLES = "先生|女士|小姐|阿姨|大爷|大妈|师傅|老师"
#: What may follow a name written as 客户X: punctuation or a verb of speaking or acting.
_AFTER_NAME = (r"(?=[，。、；：,.;:\s（(]|称|表示|说|反映|认为|同意|因|于|在|的|对|向|与|和|已|未|"
               r"要求|提出|希望|本人|家|夫妇|及|一家|签|来|去|到|拒|不|也|曾|多次|$)")

NATIONAL_ID = re.compile(
    r"(?<![\dA-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
    r"[\dXx](?![\dA-Za-z])")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<![\d-])(?:\(0\d{2,3}\)|0\d{2,3}-)\d{7,8}(?!\d)")
BANK_CARD = re.compile(r"(?<!\d)(?:\d{4}[ -]){3,4}\d{1,4}(?!\d)|(?<!\d)\d{16,19}(?!\d)")
_PLACE = r"(?:(?![在住于到的是和与往至了从向对位])[\u4e00-\u9fa5])"
ADDRESS = re.compile(
    rf"(?:{_PLACE}{{2,6}}省)?(?:{_PLACE}{{2,6}}市)?(?:{_PLACE}{{1,6}}[区县])?"
    rf"{_PLACE}{{1,8}}(?:路|街|大道|巷|道)\d+(?:-\d+)?号"
    rf"(?:{_PLACE}{{0,8}}(?:小区|花园|大厦|公寓|苑|城|村))?(?:\d+栋|\d+座)?(?:\d+单元)?"
    rf"(?:\d+(?:室|房)?)?"
    rf"|{_PLACE}{{2,8}}(?:小区|花园|公寓|苑)\d+(?:栋|座)(?:\d+单元)?(?:\d+室?)?")
NAME_CUSTOMER = re.compile(rf"(?<=客户)({_PLAIN_SURNAME})({_GIVEN}{{1,2}}?){_AFTER_NAME}")
NAME_TITLE = re.compile(rf"({_SURNAME})({_GIVEN}{{1,2}}?)(?={_TITLES})")

KIND_LABELS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "name"), "national_id": ("身份证号", "national id"),
    "phone": ("手机号", "mobile number"), "landline": ("固定电话", "landline"),
    "bank_card": ("银行卡号", "bank card number"), "address": ("地址", "address"),
}
PLACEHOLDERS = {"national_id": "[身份证号]", "phone": "[手机号]", "landline": "[电话]",
                "bank_card": "[银行卡号]", "address": "[地址]"}


@dataclass(frozen=True)
class KnownPerson:
    """The customer's own data as stored; empty strings when unknown."""

    name: str = ""
    phone: str = ""
    national_id: str = ""
    address: str = ""


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in one paragraph (``where``: 1-based, 0 = title)."""

    where: int
    kind: str
    value: str

    @property
    def masked(self) -> str:
        return mask(self.kind, self.value)

    def message(self) -> str:
        """E.g. 「第2段发现身份证号 4403********1234」."""
        place = "标题" if self.where == 0 else f"第{self.where}段"
        return f"{place}发现{KIND_LABELS[self.kind][0]} {self.masked}"


def mask(kind: str, value: str) -> str:
    """Enough of ``value`` to find it again, never the whole of it."""
    digits = re.sub(r"\D", "", value)
    plain = re.sub(r"[^\dXx]", "", value)
    if kind in ("national_id", "bank_card") and len(plain) >= 12:
        return f"{plain[:4]}********{plain[-4:]}"
    if kind in ("phone", "landline") and len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    if kind == "name":
        return value[:1] + "*" * max(1, len(value) - 1)
    return value[:4] + "****"


def _digits_pattern(number: str) -> re.Pattern[str] | None:
    """The stored number written with optional spaces or dashes between its digits."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 7:
        return None
    return re.compile(r"(?<!\d)" + r"[ -]?".join(digits) + r"(?![\dXx])", re.IGNORECASE)


Replacer = Callable[[re.Match[str]], str]


def _placeholder(kind: str) -> Replacer:
    return lambda m: PLACEHOLDERS[kind]


def _surname_only(m: re.Match[str]) -> str:
    return m.group(1) + "某"


def _rules(known: KnownPerson) -> list[tuple[str, re.Pattern[str], Replacer]]:
    """(kind, pattern, replacement) in the order they must run: longest, surest first."""
    rules: list[tuple[str, re.Pattern[str], Replacer]] = []
    if known.address.strip():
        rules.append(("address", re.compile(re.escape(known.address.strip())),
                      _placeholder("address")))
    for kind, number in (("national_id", known.national_id), ("phone", known.phone)):
        pattern = _digits_pattern(number)
        if pattern is not None:
            rules.append((kind, pattern, _placeholder(kind)))
    if len(known.name.strip()) >= 2:
        name = known.name.strip()
        rules.append(("name", re.compile(f"({re.escape(name[0])}){re.escape(name[1:])}"),
                      _surname_only))
    for kind, pattern in (("national_id", NATIONAL_ID), ("bank_card", BANK_CARD),
                          ("phone", MOBILE), ("landline", LANDLINE), ("address", ADDRESS)):
        rules.append((kind, pattern, _placeholder(kind)))
    rules.append(("name", NAME_CUSTOMER, _surname_only))
    rules.append(("name", NAME_TITLE, lambda m: m.group(1)))
    return rules


def find_personal_data(paragraphs: list[str], known: KnownPerson) -> list[Finding]:
    """Every piece of personal data in ``paragraphs`` (index 0 is the title)."""
    found: list[Finding] = []
    for where, text in enumerate(paragraphs):
        for kind, pattern, replace in _rules(known):
            for m in pattern.finditer(text):
                found.append(Finding(where, kind, m.group(0)))
            text = pattern.sub(replace, text)
    return found


def scrub(text: str, known: KnownPerson) -> str:
    """``text`` with every piece of personal data replaced (names by 「X某」)."""
    for _kind, pattern, replace in _rules(known):
        text = pattern.sub(replace, text)
    return text
