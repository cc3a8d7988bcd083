"""The translation catalogues' tool: extract, add, update, compile, check (docs/translation.md).

    python -m tools.i18n add "Visits of the day" "当日待拜访" [--context CTX]
    python -m tools.i18n add --tsv new.tsv        # msgid <TAB> 中文 [<TAB> context], one per line
    python -m tools.i18n update                   # `make messages`: sync both .po with the code
    python -m tools.i18n compile                  # .po -> .mo (make install)
    python -m tools.i18n check                    # missing translations, wrong placeholders
    python -m tools.i18n literals                 # Chinese string literals left in Python

The .po files are written sorted by msgid, without source locations, so two branches that add
messages merge cleanly. English msgstr equals the msgid (so a missing English text shows up in
``check`` like a missing Chinese one).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "doorstep"
LOCALE = SRC / "locale"
DOMAIN = "doorstep"
LANGS = ("zh_CN", "en")
KEYWORDS = {
    "_": None, "gettext": None, "N_": None, "NP_": ((1, "c"), 2), "Msg": None, "translate_in": (2,),
    "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
#: Where Chinese text in Python is data, not a message (the demo bank's names and addresses).
LITERAL_EXEMPT = ("demo/", "locale/")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]")
BASELINE = ROOT / "tests" / "unit" / "i18n_literals_baseline.json"

Key = tuple[str, str | None]  # (msgid, context)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.is_file():
        return Catalog(locale=lang, domain=DOMAIN, project="Doorstep",
                       copyright_holder="Doorstep", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def write(lang: str, catalogue: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.fuzzy = False
    with path.open("wb") as handle:
        write_po(handle, catalogue, omit_header=False, sort_output=True, no_location=True,
                 width=100, include_previous=False, ignore_obsolete=True)


def extracted() -> dict[Key, Message]:
    """Every message the code and templates use, keyed by (msgid, context)."""
    found: dict[Key, Message] = {}
    for filename, _lineno, message, _comments, context in extract_from_dir(
            str(SRC), METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True):
        if "/locale/" in filename:
            continue
        msgid = message if isinstance(message, str) else tuple(message)
        key_id = msgid if isinstance(msgid, str) else msgid[0]
        if not key_id:
            continue
        found.setdefault((key_id, context), Message(msgid, context=context))
    return found


def add(entries: Iterable[tuple[str, str, str | None]]) -> int:
    """Add ``(English msgid, Chinese, context)`` to both catalogues; returns how many were new."""
    zh, en = read("zh_CN"), read("en")
    new = 0
    for msgid, chinese, context in entries:
        if zh.get(msgid, context=context) is None:
            new += 1
        for catalogue, string in ((zh, chinese), (en, msgid)):
            if catalogue.get(msgid, context=context) is not None:
                catalogue.delete(msgid, context=context)  # add() keeps an old string
            catalogue.add(msgid, string, context=context)
    write("zh_CN", zh)
    write("en", en)
    return new


def update() -> tuple[int, int]:
    """Bring both catalogues in line with the code: add what is new (untranslated in Chinese),
    drop what the code no longer uses. Returns (added, dropped)."""
    used = extracted()
    added = dropped = 0
    for lang in LANGS:
        catalogue = read(lang)
        for (msgid, context), message in used.items():
            if catalogue.get(msgid, context=context) is None:
                if lang == "en":
                    string: str | tuple[str, ...] = message.id
                else:
                    string = "" if isinstance(message.id, str) else ("",)
                catalogue.add(message.id, string, context=context)
                added += lang == "zh_CN"
        for message in list(catalogue):
            if message.id and (message.id if isinstance(message.id, str) else message.id[0],
                               message.context) not in used:
                catalogue.delete(message.id, context=message.context)
                dropped += lang == "zh_CN"
        write(lang, catalogue)
    return added, dropped


def compile_all() -> None:
    for lang in LANGS:
        catalogue = read(lang)
        with po_path(lang).with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalogue)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)[sdfr]", text))


def problems() -> list[str]:
    """Messages used in the code without a translation in either language, and translations
    whose placeholders differ from the msgid's."""
    used = extracted()
    found: list[str] = []
    for lang in LANGS:
        catalogue = read(lang)
        for (msgid, context), _message in sorted(used.items(), key=lambda kv: kv[0][0]):
            entry = catalogue.get(msgid, context=context)
            strings = [] if entry is None else (
                [entry.string] if isinstance(entry.string, str) else list(entry.string))
            if entry is None or not strings or not all(strings):
                found.append(f"{lang}: no translation for {msgid!r}"
                             + (f" (context {context})" if context else ""))
                continue
            for string in strings:
                if _placeholders(string) != _placeholders(msgid):
                    found.append(f"{lang}: placeholders differ in {msgid!r} -> {string!r}")
    return found


def python_files() -> Iterator[Path]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if not rel.startswith(LITERAL_EXEMPT):
            yield path


def chinese_literals() -> dict[str, int]:
    """Per source file (relative to src/doorstep), how many string literals hold Chinese."""
    counts: dict[str, int] = {}
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        n = sum(1 for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and CJK.search(node.value))
        if n:
            counts[path.relative_to(SRC).as_posix()] = n
    return counts


def chinese_template_lines() -> dict[str, int]:
    """Per template, how many lines hold Chinese text outside ``{% trans %}`` (which has none)."""
    counts: dict[str, int] = {}
    for path in sorted((SRC / "web" / "templates").rglob("*.html")):
        n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if CJK.search(line))
        if n:
            counts["web/templates/" + path.relative_to(SRC / "web" / "templates").as_posix()] = n
    return counts


def _tsv(path: Path) -> Iterator[tuple[str, str, str | None]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        yield parts[0], parts[1], (parts[2] if len(parts) > 2 and parts[2] else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n")
    sub = parser.add_subparsers(dest="command", required=True)
    p_add = sub.add_parser("add", help="add a message and its Chinese to both catalogues")
    p_add.add_argument("msgid", nargs="?")
    p_add.add_argument("chinese", nargs="?")
    p_add.add_argument("--context")
    p_add.add_argument("--tsv", type=Path)
    sub.add_parser("update", help="sync the catalogues with the code (make messages)")
    sub.add_parser("compile", help="compile .po to .mo")
    sub.add_parser("check", help="fail on a missing translation")
    p_lit = sub.add_parser("literals", help="count Chinese literals in Python")
    p_lit.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "add":
        if args.tsv:
            entries = list(_tsv(args.tsv))
        elif args.msgid and args.chinese:
            entries = [(args.msgid, args.chinese, args.context)]
        else:
            parser.error("give MSGID CHINESE or --tsv FILE")
        print(f"{add(entries)} new of {len(entries)}")
    elif args.command == "update":
        added, dropped = update()
        print(f"{added} messages added (translate them), {dropped} no longer used dropped")
    elif args.command == "compile":
        compile_all()
    elif args.command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problems")
        return 1 if found else 0
    elif args.command == "literals":
        counts = {**chinese_literals(), **chinese_template_lines()}
        print(json.dumps({"python_literals": sum(chinese_literals().values()),
                          "template_lines": sum(chinese_template_lines().values())}))
        if args.write_baseline:
            BASELINE.write_text(json.dumps(counts, indent=1, sort_keys=True,
                                           ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
