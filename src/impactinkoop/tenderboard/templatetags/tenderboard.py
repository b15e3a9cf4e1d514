"""The rows of a submission's snapshot with the tenderboard's advice on each theme."""

from django import template

register = template.Library()


@register.simple_tag
def advice_rows(submission, labels=None) -> list[dict]:
    """`labels`: theme names in the reader's language by key; a theme the matrix no longer
    knows keeps the name it had when submitted."""
    labels = labels or {}
    by_key = {advice.theme_key: advice for advice in submission.advice.all()}
    return [
        {
            "theme": row,
            "name": labels.get(row["theme_key"], row["theme_name"]),
            "advice": by_key.get(row["theme_key"]),
        }
        for row in submission.themes
    ]
