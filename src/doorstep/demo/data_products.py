"""The bank's product shelf per business line, with how often customers hold each
product and the sizes and terms that are typical for it."""

from __future__ import annotations

from dataclasses import dataclass

from doorstep.cases.model import BusinessLine

L = BusinessLine


@dataclass(frozen=True)
class Product:
    """``amount`` is a median balance or principal with a log-normal ``spread``;
    loans carry a term in months and a yearly rate range."""

    line: BusinessLine
    name: str
    kind: str
    holders: float
    amount: float
    spread: float
    low: float
    high: float
    term_months: tuple[int, int] = (0, 0)
    rate: tuple[float, float] = (0.0, 0.0)
    min_age: int = 18
    max_age: int = 80


PRODUCTS: tuple[Product, ...] = (
    Product(L.DEPOSIT, "活期储蓄", "savings", 0.93, 18_000, 1.3, 10, 3_000_000),
    Product(L.DEPOSIT, "整存整取定期存款", "time_deposit", 0.22, 80_000, 0.9, 5_000, 5_000_000),
    Product(L.DEPOSIT, "大额存单", "large_cd", 0.07, 300_000, 0.5, 200_000, 10_000_000),
    Product(L.DEPOSIT, "结构性存款", "structured", 0.05, 150_000, 0.7, 10_000, 5_000_000),
    Product(L.CREDIT_CARD, "信用卡（普卡）", "card", 0.13, 6_000, 0.9, 0, 50_000),
    Product(L.CREDIT_CARD, "信用卡（金卡）", "card", 0.14, 15_000, 0.9, 0, 100_000),
    Product(L.CREDIT_CARD, "白金信用卡", "card", 0.07, 30_000, 0.9, 0, 300_000),
    Product(L.CREDIT_CARD, "信用卡分期", "card_instalment", 0.07, 24_000, 0.7, 3_000, 200_000,
            (18, 36), (0.06, 0.14)),
    Product(L.LOAN, "个人住房贷款", "mortgage", 0.13, 1_400_000, 0.5, 300_000, 8_000_000,
            (240, 360), (0.031, 0.042), 25, 58),
    Product(L.LOAN, "个人消费贷款", "consumer", 0.11, 90_000, 0.7, 10_000, 500_000,
            (18, 60), (0.036, 0.12)),
    Product(L.LOAN, "个人经营贷", "business", 0.05, 600_000, 0.7, 100_000, 5_000_000,
            (18, 60), (0.032, 0.065), 25, 65),
    Product(L.LOAN, "个人汽车贷款", "car", 0.04, 150_000, 0.4, 40_000, 600_000,
            (24, 60), (0.035, 0.08), 22, 60),
    Product(L.WEALTH, "净值型理财", "wealth_nav", 0.09, 200_000, 0.8, 10_000, 10_000_000),
    Product(L.WEALTH, "固收+理财", "wealth_fixed", 0.06, 150_000, 0.8, 10_000, 5_000_000),
    Product(L.WEALTH, "现金管理类理财", "wealth_cash", 0.06, 60_000, 0.9, 1_000, 3_000_000),
    Product(L.WEALTH, "代销公募基金", "fund", 0.04, 80_000, 1.0, 1_000, 5_000_000,
            min_age=22),
    Product(L.INSURANCE, "分红险", "participating", 0.04, 60_000, 0.7, 5_000, 2_000_000,
            min_age=25),
    Product(L.INSURANCE, "增额终身寿险", "whole_life", 0.03, 120_000, 0.7, 10_000, 3_000_000,
            min_age=28),
    Product(L.INSURANCE, "重疾险", "critical_illness", 0.03, 15_000, 0.6, 3_000, 200_000),
    Product(L.INSURANCE, "年金险", "annuity", 0.02, 100_000, 0.7, 10_000, 2_000_000,
            min_age=35),
)

#: Account-number prefixes: cards look like UnionPay cards, the rest like contract numbers.
ACCOUNT_PREFIX: dict[BusinessLine, str] = {
    L.DEPOSIT: "621483", L.CREDIT_CARD: "622588", L.LOAN: "DK", L.WEALTH: "LC",
    L.INSURANCE: "BD",
}
LENDING_KINDS = frozenset({"card", "card_instalment", "mortgage", "consumer", "business", "car"})
