"""The case stories on an enterprise's catalogue page (registered with
`catalogue.sections` in `ReportsConfig.ready`).

Publicly: the approved stories about the enterprise that an organisation chose for its public
impact page, while that page is on; the same stories the page shows, with the photos it serves.
Inside an organisation: those, and the organisation's own approved stories about the enterprise.
"""

from django.db.models import F, Q
from django.template.loader import render_to_string

from .models import PublicPage, Story
from .public import shown_story


def published_story_ids(company_id) -> set[int]:
    """Approved stories about the company on a public page that is on (its own organisation's)."""
    return set(
        PublicPage.stories.through.objects.filter(
            publicpage__enabled=True,
            publicpage__organisation=F("story__organisation"),
            story__state=Story.State.APPROVED,
            story__company_id=company_id,
        ).values_list("story_id", flat=True)
    )


def enterprise_stories(request, enterprise) -> str:
    organisation = getattr(request, "organisation", None)
    published = published_story_ids(enterprise.company_id)
    condition = Q(pk__in=published)
    if organisation is not None:
        condition |= Q(organisation=organisation)
    rows = (
        Story.objects.approved()
        .filter(condition, company_id=enterprise.company_id)
        .select_related("organisation", "company")
        .prefetch_related("quotes")
        .order_by("-approved_at", "-pk")
    )
    stories = [
        shown_story(
            story, story.organisation, with_organisation=True, inside=story.pk not in published
        )
        for story in rows
    ]
    if not stories:
        return ""
    return render_to_string(
        "reports/includes/enterprise_stories.html", {"stories": stories}, request=request
    )
