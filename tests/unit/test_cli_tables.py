"""CLI tables: identifiers are never cut, whatever the terminal's width."""

from __future__ import annotations

import io

from rich.console import Console

from doorstep.cli.tables import Col, build, emit, fitting

COLS = [Col("案件", "case_no", True), Col("客户", "customer"), Col("网点", "branch"),
        Col("逾期金额", "amount"), Col("原因", "why")]
ROWS = [{"case_no": "AJ2026110000102", "customer": "欧阳明月", "branch": "福田支行营业部",
         "amount": "123456.78", "why": "多次联系不上客户，已转法务审核"}]


def _render(width: int) -> str:
    out = io.StringIO()
    emit(Console(file=out, width=width, color_system=None), COLS, ROWS, False)
    return out.getvalue()


def test_identifier_stays_whole_on_narrow_terminals() -> None:
    """At 120, 80, 60, 40 and 25 columns the case number is printed on one line, uncut."""
    for width in (120, 80, 60, 40, 25):
        text = _render(width)
        assert "AJ2026110000102" in text, (width, text)
        assert "…" not in text


def test_other_columns_are_dropped_from_the_right_and_named() -> None:
    """When the terminal is too narrow, the rightmost other columns go and are named."""
    kept = fitting(COLS, ROWS, 40)
    assert kept[0].key == "case_no" and len(kept) < len(COLS)
    _, dropped = build(COLS, ROWS, 40)
    assert [c.key for c in dropped] == [c.key for c in COLS if c not in kept]
    assert "原因" in _render(40)


def test_json_prints_every_column(capsys: object) -> None:
    """With --json every column is printed, whatever the width."""
    import json

    emit(Console(width=20), COLS, ROWS, True)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert json.loads(out) == [ROWS[0]]
