"""Text from people is escaped; only rich text cleaned by nh3 is shown as HTML."""

from pathlib import Path

from django.template import Context, Template

import impactinkoop

SOURCE = Path(impactinkoop.__file__).parent
# The two places that may mark text safe: server-drawn charts (every text part escaped) and
# rich text (cleaned by nh3 on the same line).
MARK_SAFE_ALLOWED = {"core/charts.py", "core/richtext.py"}


def render(source: str, **context) -> str:
    return Template("{% load markup %}" + source).render(Context(context))


def test_no_template_turns_escaping_off():
    offenders = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("templates/**/*.html")
        if any(marker in path.read_text() for marker in ("|safe", "autoescape off", "|safeseq"))
    ]
    assert offenders == []


def test_only_charts_and_rich_text_mark_strings_safe():
    offenders = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "mark_safe(" in path.read_text() or "SafeString(" in path.read_text()
    )
    assert offenders == sorted(MARK_SAFE_ALLOWED)


def test_rich_text_keeps_simple_markup_and_drops_the_rest():
    html = render(
        "{{ text|rich_text }}",
        text='<p>Soep <strong>en</strong> <a href="https://x.example" onclick="y()">brood</a></p>'
        '<script>alert(1)</script><img src=x onerror=alert(2)><a href="data:text/html,x">d</a>',
    )
    assert html == (
        '<p>Soep <strong>en</strong> <a href="https://x.example" '
        'rel="noopener noreferrer nofollow">brood</a></p>'
        '<a rel="noopener noreferrer nofollow">d</a>'
    )


def test_rich_text_of_nothing_is_empty():
    assert render("{{ text|rich_text }}", text=None) == ""
