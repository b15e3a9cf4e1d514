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


def test_rich_text_is_markdown_and_shows_html_as_text():
    html = render(
        "{{ text|rich_text }}",
        text="Soep **en** [brood](https://x.example)\n\n- een\n- twee\n\n"
        '<script>alert(1)</script><a href="data:text/html,x">d</a> [e](javascript:x)',
    )
    assert html == (
        '<p>Soep <strong>en</strong> <a href="https://x.example" '
        'rel="noopener noreferrer nofollow">brood</a></p>\n'
        "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n"
        '<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href="data:text/html,x"&gt;d'
        "&lt;/a&gt; [e](javascript:x)</p>\n"
    )


def test_html_from_before_becomes_the_same_markdown():
    from impactinkoop.core.richtext import html_to_markdown, markdown_html

    stored = (
        "<p>Wij maken <strong>zeep</strong> &amp; kaarsen * 2.</p><ul><li>een</li><li><em>twee"
        '</em></li></ul><p><a href="https://z.example">site</a><br>1. geen lijst</p>'
    )
    markdown = html_to_markdown(stored)
    assert markdown == (
        "Wij maken **zeep** & kaarsen \\* 2.\n\n- een\n- *twee*\n\n"
        "[site](https://z.example)  \n1\\. geen lijst"
    )
    assert markdown_html(markdown).replace("\n", "") == (
        "<p>Wij maken <strong>zeep</strong> &amp; kaarsen * 2.</p><ul><li>een</li><li><em>twee"
        '</em></li></ul><p><a href="https://z.example" rel="noopener noreferrer nofollow">site'
        "</a><br>1. geen lijst</p>"
    )
    assert html_to_markdown("Gewoon *tekst*") == "Gewoon *tekst*"


def test_rich_text_of_nothing_is_empty():
    assert render("{{ text|rich_text }}", text=None) == ""


def test_the_teaser_has_the_words_of_the_markdown():
    from impactinkoop.core.richtext import markdown_teaser, markdown_text

    for text in [
        "**Catering** uit Utrecht. Wij *leveren* aan [ons](https://x.nl) snake_case _nadruk_.",
        "- een\n- twee\n1. drie \\* ster, 3 * 4 = 12",
    ]:
        assert markdown_teaser(text) == markdown_text(text)
    assert render("{{ text|rich_text_plain }}", text="**Zeep** & <kaarsen>") == (
        "Zeep &amp; &lt;kaarsen&gt;"
    )
