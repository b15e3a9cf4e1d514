"""The rows of a submission's snapshot with the tenderboard's advice on each theme."""

from django import template

register = template.Library()


@register.simple_tag
def advice_rows(submission) -> list[dict]:
    by_key = {advice.theme_key: advice for advice in submission.advice.all()}
    return [{"theme": row, "advice": by_key.get(row["theme_key"])} for row in submission.themes]
