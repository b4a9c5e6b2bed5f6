"""Ids printed into our templates stay whole numbers in every language.

`USE_THOUSAND_SEPARATOR` groups digits in English ("12,345"): an id in a field name, a value, a
URL or an element id must be printed with `|unlocalize` or inside `{% localize off %}`, or the
page breaks once a table passes a thousand rows (quiz answers were saved under no question).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("elearn", "home", "courses", "quizzes")
UNLOCALIZED_BLOCK = re.compile(r"{%\s*localize off\s*%}.*?{%\s*endlocalize\s*%}", re.DOTALL)
# `field.auto_id` is Django's HTML id ("id_email"), a string.
BARE_ID = re.compile(r"{{\s*[\w.]*\.(?:pk|id|(?!auto_id)\w+_id)\s*}}")


def bare_ids(text: str) -> list[str]:
    return BARE_ID.findall(UNLOCALIZED_BLOCK.sub("", text))


def test_no_template_prints_an_id_that_english_would_group():
    found = {
        str(path.relative_to(ROOT)): ids
        for app in APPS
        for path in sorted((ROOT / app).rglob("templates/**/*.html"))
        if (ids := bare_ids(path.read_text()))
    }
    assert found == {}


def test_the_check_finds_a_bare_id_and_accepts_the_two_safe_forms():
    assert bare_ids('<input name="q-{{ question.id }}">') == ["{{ question.id }}"]
    assert bare_ids('<a href="?next={{ next_module.pk }}">') == ["{{ next_module.pk }}"]
    assert bare_ids('<input value="{{ question.id|unlocalize }}">') == []
    assert bare_ids('<label for="{{ field.auto_id }}">') == []
    assert bare_ids("{% localize off %}<input name='q-{{ question.id }}'>{% endlocalize %}") == []
