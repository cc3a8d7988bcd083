"""Personal data in case-study text: found, named with a masked value, and replaced."""

from __future__ import annotations

import pytest

from doorstep.casebook.anonymise import KnownPerson, find_personal_data, mask, scrub

KNOWN = KnownPerson("张伟", "13812345678", "440301198501011234",
                    "广东省深圳市福田区福华路8号3栋501")


def _kinds(text: str, known: KnownPerson = KnownPerson()) -> list[str]:
    return [f.kind for f in find_personal_data(["", text], known)]


def test_finding_names_the_paragraph_kind_and_masked_value() -> None:
    """The message reads 「第2段发现身份证号 4403********1234」 for an id in paragraph 2."""
    found = find_personal_data(["标题", "背景", "身份证440301198501011234"], KnownPerson())
    assert [str(f.message()) for f in found] == ["第2段发现身份证号 4403********1234"]


@pytest.mark.parametrize(("text", "kind"), [
    ("联系电话13912345678", "phone"), ("电话 139-1234-5678", "phone"),
    ("座机0755-83216688", "landline"), ("卡号6222021234567890123", "bank_card"),
    ("卡号 6222 0212 3456 7890", "bank_card"), ("身份证44030119900307123X", "national_id"),
    ("住南山区科技园路12号阳光花园3栋1202室", "address"), ("住幸福小区5栋302", "address"),
    ("客户李建国表示理解", "name"), ("王芳女士来电", "name"),
])
def test_patterns_catch_each_kind(text: str, kind: str) -> None:
    """Ids, mobiles, landlines, bank cards, addresses and 客户X / X女士 names are all found."""
    assert _kinds(text) == [kind]


@pytest.mark.parametrize("text", [
    "客户向银行提出分期诉求", "客户方面表示理解", "王女士来电咨询", "张某称利率不透明",
    "逾期金额12000元，逾期45天", "2026年11月2日上门", "客户经理解释了贷款流程",
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    """Everyday words, amounts, dates and already-anonymised names raise nothing."""
    assert _kinds(text) == [] and scrub(text, KnownPerson()) == text


def test_known_customer_data_is_replaced_even_when_written_loosely() -> None:
    """The stored name, phone (with dashes), id and address are replaced wherever they occur."""
    text = "张伟在福华路8号3栋501家中，电话138-1234-5678，身份证440301198501011234"
    out = scrub(text, KNOWN)
    assert out == "张某在[地址]家中，电话[手机号]，身份证[身份证号]"
    assert find_personal_data([out], KNOWN) == []


def test_masks_never_show_the_whole_value() -> None:
    """Masks keep only the ends of a number and the surname of a name."""
    assert mask("phone", "13812345678") == "138****5678"
    assert mask("name", "李建国") == "李**"
    assert mask("bank_card", "6222 0212 3456 7890") == "6222********7890"
