"""A browser in a few words ("Firefox on Windows"), from its user-agent string: enough for a
person to recognise their own sessions, without keeping the string itself."""

import re

# Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|HeadlessChrome/"),
    ("Safari", r"Safari/"),
]
SYSTEMS = [
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
]


def _first(table, text: str) -> str:
    return next((name for name, pattern in table if re.search(pattern, text)), "")


def describe(user_agent: str) -> str:
    browser, system = _first(BROWSERS, user_agent), _first(SYSTEMS, user_agent)
    if browser and system:
        return f"{browser} · {system}"
    return browser or system


def of_request(request) -> str:
    return describe(request.META.get("HTTP_USER_AGENT", ""))[:80]
