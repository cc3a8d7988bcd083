"""Every message is translated into both languages, and Chinese text lives in the catalogues.

The baseline file counts the Chinese literals still left in Python (and the template lines with
Chinese) per file while issue 14 moves them into ``locale/``: a count may only go down, a new file
may hold none. When every count is zero the baseline goes away.
"""

from __future__ import annotations

import json

from tools import i18n as tool

from doorstep.core.i18n import (
    Msg,
    language_from_environment,
    pick_language,
    translate_in,
    using_language,
)
from doorstep.core.i18n import _ as gettext_
from doorstep.web.rendering import templates


def test_every_message_in_the_code_has_a_chinese_and_an_english_translation() -> None:
    assert tool.problems() == []


def test_no_file_holds_more_chinese_literals_than_it_did() -> None:
    baseline: dict[str, int] = json.loads(tool.BASELINE.read_text(encoding="utf-8"))
    now = {**tool.chinese_literals(), **tool.chinese_template_lines()}
    grown = {path: (baseline.get(path, 0), n) for path, n in now.items()
             if n > baseline.get(path, 0)}
    assert grown == {}, ("Chinese text belongs in src/doorstep/locale (docs/translation.md); "
                         f"(baseline, now) per file: {grown}")


def test_messages_speak_the_chosen_language() -> None:
    assert translate_in("en", "Please log in") == "Please log in"
    assert translate_in("zh-CN", "Please log in") == "请先登录"
    with using_language("zh-CN"):
        assert gettext_("Configuration error: %(detail)s", detail="x") == "配置错误：x"
    with using_language("en"):
        assert str(Msg("Configuration error: %(detail)s", {"detail": "x"})) == \
            "Configuration error: x"
    assert translate_in("en", "A message nobody translated") == "A message nobody translated"


def test_templates_translate_in_the_pages_language() -> None:
    page = templates.env.from_string("{{ _('Please log in') }}|{% trans %}Please log in"
                                     "{% endtrans %}")
    assert page.render(lang="zh-CN") == "请先登录|请先登录"
    assert page.render(lang="en") == "Please log in|Please log in"


def test_the_language_comes_from_the_user_or_the_environment() -> None:
    assert pick_language("en-US,en;q=0.9") == "en"
    assert pick_language("zh-CN,zh;q=0.9") == "zh-CN"
    assert pick_language("en-US", chosen="zh-CN") == "zh-CN"
    assert language_from_environment({"LANG": "en_US.UTF-8"}) == "en"
    assert language_from_environment({"LANG": "C.UTF-8"}) == "zh-CN"
    assert language_from_environment({"DOORSTEP_LANG": "zh-CN", "LANG": "en_GB"}) == "zh-CN"


def test_the_extractor_sees_the_messages_of_the_code_and_the_templates() -> None:
    """The check above means something only if extraction finds the messages (it once found
    none because Babel's options and keywords were passed in each other's place)."""
    found = tool.extracted()
    assert len(found) > 500
    assert ("Please log in", None) in found  # core.i18n codes
    assert any(path_msgid[0].startswith("Complaint") for path_msgid in found)  # a template's
