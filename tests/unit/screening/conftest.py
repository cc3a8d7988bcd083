"""Fixtures of the screening unit tests."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture
def review_corpus(tmp_path: Path) -> Path:
    """A folder with a small synthetic review corpus: a duplicate, a conflict, an empty review."""
    bad = ["太慢了", "很难吃", "态度差", "不新鲜", "太贵了"]
    good = ["很好吃", "送得快", "服务好", "很新鲜", "价格实惠"]
    things = ["外卖", "菜", "汤", "米饭", "饺子", "面条", "包子", "披萨", "炒饭", "沙拉"]
    rows = [(0, f"{t}{b}") for t, b in itertools.product(things, bad)]
    rows += [(1, f"{t}{g}") for t, g in itertools.product(things, good)]
    rows += [(0, "外卖太慢了"), (1, "汤一般"), (0, "汤一般"), (1, "")]
    pd.DataFrame(rows, columns=["label", "review"]).to_csv(tmp_path / "reviews.csv", index=False)
    pd.DataFrame({"other": [1]}).to_csv(tmp_path / "ignored.csv", index=False)
    return tmp_path
