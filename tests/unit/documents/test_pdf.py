"""Chinese PDFs: the embedded font renders Chinese and the text extracts back intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from doorstep.documents.pdf import ChineseDocument, NoChineseFont, find_chinese_font
from tests.pdf_text import pdf_text


def test_chinese_text_survives_a_round_trip_through_the_pdf() -> None:
    """Headings, paragraphs, tables and chart labels in Chinese extract back unchanged."""
    doc = ChineseDocument("诉前调解案件卷宗", find_chinese_font(), footer="深圳示范银行")
    doc.heading("一、争议概要")
    doc.paragraph("客户对贷款办理流程存在误解，经上门解释后达成一致。")
    doc.table(["团队", "拜访次数"], [["福田一组", 12], ["南山二组", None]])
    doc.bar_chart("每周拜访量", [("第1周", 12), ("第2周", 30.5)], unit="次")
    text = pdf_text(doc.to_bytes())
    for expected in ("诉前调解案件卷宗", "一、争议概要", "经上门解释后达成一致", "福田一组",
                     "每周拜访量", "第2周"):
        assert expected in text


def test_a_missing_configured_font_is_a_clear_error(tmp_path: Path) -> None:
    """A configured font file that does not exist is refused with the path named."""
    with pytest.raises(NoChineseFont) as caught:
        find_chinese_font(tmp_path / "nope.ttf")
    assert "nope.ttf" in str(caught.value)
