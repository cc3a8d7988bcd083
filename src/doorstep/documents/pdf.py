"""Chinese PDF documents (reports, case files) on fpdf2 with an embedded CJK font.

The font is Debian's Noto Sans CJK (``fonts-noto-cjk``, installed by ``make test`` and
``make fonts``) or any TrueType/OpenType file named by ``DOORSTEP_PDF_FONT``. fpdf2 embeds
only the glyphs used, so a page of Chinese text stays small, and writes a ToUnicode map,
so the text can be searched and extracted from the PDF again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF, FontFace

from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, _, codes

#: Where Debian and others put a font that renders Simplified Chinese: (path, face index).
KNOWN_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # 2 = SC
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)


class NoChineseFont(DoorstepError):
    code = "document.no_chinese_font"
    http_status = 503


@dataclass(frozen=True)
class FontChoice:
    path: Path
    index: int = 0


def find_chinese_font(configured: Path | None = None) -> FontChoice:
    """The configured font, else the first installed known CJK font; raise if none."""
    if configured is not None:
        if not configured.is_file():
            raise NoChineseFont(path=str(configured))
        index = 2 if configured.name.startswith("NotoS") and configured.suffix == ".ttc" else 0
        return FontChoice(configured, index)
    for path, index in KNOWN_FONTS:
        if Path(path).is_file():
            return FontChoice(Path(path), index)
    raise NoChineseFont(path="fonts-noto-cjk")


class ChineseDocument:
    """A simple A4 document: title, headings, paragraphs, key–value blocks, tables, bar charts.

    Parameters
    ----------
    title
        Printed at the top of the first page and stored as the PDF's title.
    font
        The CJK font to embed (see :func:`find_chinese_font`).
    footer
        Printed at the bottom of every page with the page number.
    """

    def __init__(self, title: str, font: FontChoice, footer: str = "") -> None:
        self.footer = footer
        pdf = _Pdf(footer)
        pdf.set_title(title)
        pdf.set_creator("Doorstep")
        pdf.add_font("cjk", "", str(font.path), collection_font_number=font.index)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_page()
        pdf.set_font("cjk", size=18)
        pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        self.pdf = pdf

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.pdf.set_font("cjk", size=13)
        self.pdf.set_text_color(20, 60, 120)
        self.pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(0, 0, 0)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.pdf.set_font("cjk", size=size)
        self.pdf.multi_cell(0, 6, text or "—", new_x="LMARGIN", new_y="NEXT")

    def key_values(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Label: value lines, labels in a fixed column."""
        self.pdf.set_font("cjk", size=10)
        for key, value in pairs:
            self.pdf.cell(40, 6, key, new_x="RIGHT", new_y="TOP")
            self.pdf.multi_cell(0, 6, value or "—", new_x="LMARGIN", new_y="NEXT")

    def table(self, header: Sequence[str], rows: Iterable[Sequence[object]],
              widths: Sequence[float] | None = None) -> None:
        """A bordered table; long cells wrap."""
        self.pdf.set_font("cjk", size=9)
        with self.pdf.table(col_widths=tuple(widths) if widths else None,
                            text_align="LEFT", line_height=5.5,
                            headings_style=FontFace(emphasis="", fill_color=(230, 236, 245))
                            ) as table:
            head = table.row()
            for cell in header:
                head.cell(str(cell))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell("—" if value is None else str(value))
        self.pdf.ln(2)

    def bar_chart(self, title: str, bars: Sequence[tuple[str, float]],
                  unit: str = "", height: float = 45) -> None:
        """Horizontal-axis bar chart drawn with PDF primitives (no image libraries)."""
        pdf = self.pdf
        pdf.set_font("cjk", size=10)
        pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        if not bars:
            self.paragraph(_("(no data)"), size=9)
            return
        if pdf.get_y() + height + 12 > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        left, width = pdf.l_margin + 4, pdf.w - pdf.l_margin - pdf.r_margin - 8
        peak = max(abs(v) for _, v in bars) or 1.0
        slot = width / len(bars)
        bar_w = min(slot * 0.6, 18)
        pdf.set_draw_color(160, 160, 160)
        pdf.line(left, top + height, left + width, top + height)
        pdf.set_font("cjk", size=7)
        for i, (label, value) in enumerate(bars):
            h = height * abs(value) / peak
            x = left + i * slot + (slot - bar_w) / 2
            pdf.set_fill_color(54, 110, 190)
            pdf.rect(x, top + height - h, bar_w, h, style="F")
            pdf.set_xy(x - 4, top + height - h - 4)
            pdf.cell(bar_w + 8, 4, f"{value:,.4g}{unit}", align="C")
            pdf.set_xy(left + i * slot, top + height + 1)
            pdf.cell(slot, 4, label[:12], align="C")
        pdf.set_xy(pdf.l_margin, top + height + 7)

    def page_break(self) -> None:
        self.pdf.add_page()

    def to_bytes(self) -> bytes:
        return bytes(self.pdf.output())


class _Pdf(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.set_text_color(120, 120, 120)
        self.cell(0, 6, _("%(footer)s  page %(page)s", footer=self._footer_text,
                          page=self.page_no()), align="C")
        self.set_text_color(0, 0, 0)


codes({
    "document.no_chinese_font": N_("Cannot produce the PDF: no Chinese font found (%(path)s). "
                                   "Install fonts-noto-cjk or set DOORSTEP_PDF_FONT."),
})
