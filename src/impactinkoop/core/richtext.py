"""Rich text: descriptions people write in a small Markdown (bold, italics, lists, links, line
breaks; decision 0001), stored as they typed it and turned into HTML only when shown: rendered by
markdown-it-py with raw HTML off, then cleaned by nh3 to the allowed tags. Nothing else in a
template is marked safe."""

import html
import re
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Paragraphs, emphasis, lists and links; everything else (scripts, styles, images, event
# handlers, unknown tags) goes.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

# Only the rules for what ALLOWED_TAGS can show; raw HTML is text ("<b>" shows as "<b>"),
# headings, quotes, images and code are plain text too.
_markdown = MarkdownIt("zero", {"breaks": True}).enable(
    ["emphasis", "list", "link", "newline", "escape", "autolink"]
)

# Tags someone may type out of habit; the forms refuse them with an explanation.
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def clean_html(value: str) -> str:
    """Sanitised HTML: only ALLOWED_TAGS, links only to LINK_SCHEMES and with rel=LINK_REL."""
    return nh3.clean(value or "", tags=ALLOWED_TAGS, url_schemes=LINK_SCHEMES, link_rel=LINK_REL)


def markdown_html(value) -> str:
    """The sanitised HTML of a Markdown text (a plain string, not yet marked safe)."""
    return clean_html(_markdown.render(str(value or "")))


def render_markdown(value) -> SafeString:
    """Rich text for a page. Cleaned here, on every render, not trusted from anywhere."""
    return mark_safe(markdown_html(value))  # noqa: S308 - nh3 cleaned it on this line


def markdown_text(value) -> str:
    """The words of a Markdown text without its markup: for search, cards and checks."""
    text = nh3.clean(_markdown.render(str(value or "")), tags=set())
    return " ".join(html.unescape(text).split())


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKER = re.compile(r"^[ \t]*(?:[-+*]|\d+[.)])[ \t]+", re.M)
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+(?=\S)|(?<=\S)\*+|\b_+|_+\b)")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>#+\-.!()])")


def markdown_teaser(value) -> str:
    """The words of a Markdown text for a short teaser (a search result's card): links become
    their text, list markers, emphasis and escapes go. A few regular expressions instead of the
    parser, as a page shows many teasers; `markdown_text` is the exact one."""
    text = _LINK.sub(r"\1", str(value or ""))
    text = _MARKER.sub("", text)
    text = _EMPHASIS.sub("", text)
    return " ".join(_ESCAPED.sub(r"\1", text).split())


# From the stored HTML of before (issue 15, item 16) -----------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_BULLET_START = re.compile(r"^(\s*)([-+#])(\s)", re.M)
_NUMBER_START = re.compile(r"^(\s*)(\d+)([.)])(\s)", re.M)


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


class _ToMarkdown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list] = []  # per open list: [kind, next number]
        self.href: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "div"):
            self._block()
        elif tag == "br":
            self.out.append("  \n" if not self.lists else "\n" + "   " * len(self.lists))
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag in ("ul", "ol"):
            if not self.lists:
                self._block()
            self.lists.append([tag, 1])
        elif tag == "li":
            depth = len(self.lists)
            indent = "   " * max(depth - 1, 0)
            kind = self.lists[-1] if self.lists else ["ul", 1]
            marker = "-" if kind[0] == "ul" else f"{kind[1]}."
            kind[1] += 1
            self.out.append(f"\n{indent}{marker} ")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            ok = href.split(":", 1)[0].lower() in LINK_SCHEMES and " " not in href
            self.href.append(href if ok else None)
            if ok:
                self.out.append("[")

    def handle_endtag(self, tag):
        if tag in ("p", "div"):
            self._block()
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._block()
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href:
                self.out.append(f"]({href.replace(')', '%29')})")

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data)
        if not "".join(self.out).strip() or "".join(self.out).endswith("\n"):
            text = text.lstrip()
        text = _BULLET_START.sub(r"\1\\\2\3", _escape(text))
        self.out.append(_NUMBER_START.sub(r"\1\2\\\3\4", text))

    def _block(self):
        self.out.append("\n\n")

    def markdown(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group(0).startswith("  ") else "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip()


def html_to_markdown(value: str) -> str:
    """Markdown for a text stored as (sanitised) HTML; text without tags stays as it is."""
    if not value or not HTML_TAG.search(value):
        return value or ""
    parser = _ToMarkdown()
    parser.feed(clean_html(value))
    parser.close()
    return parser.markdown()
