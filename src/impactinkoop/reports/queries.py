"""Reads of the results app for the apps above it (the peers' case library): only what is
already public. A "published" story is an approved story that its organisation chose for its
public impact page while that page is on, exactly what `public.published_content` shows; the
library may show it to every signed-in member of any organisation, with the photos the public
page serves."""

from django.db.models import F, QuerySet

from .models import PublicPage, Story
from .public import ShownStory, shown_story


def published_stories() -> QuerySet:
    """The published stories of every organisation, newest approval first, with what a card
    shows (the organisation, the enterprise, the goal's theme) read in the same query."""
    chosen = PublicPage.stories.through.objects.filter(
        publicpage__enabled=True,
        # The page's own organisation's story only, as the public page reads it.
        publicpage__organisation=F("story__organisation"),
    ).values("story_id")
    return (
        Story.objects.approved()
        .filter(pk__in=chosen)
        .select_related("organisation", "company", "goal__theme")
        .prefetch_related("quotes")
        .order_by("-approved_at", "-pk")
    )


def published_story(pk) -> Story | None:
    """One published story, or None when it does not exist or is not (or no longer) public."""
    return published_stories().filter(pk=pk).first()


def shown(story: Story) -> ShownStory:
    """A published story as the public page shows it, with its organisation's name: the text,
    the enterprise, the quotes and the photos at their public addresses; never the writer, the
    contract or the goal."""
    return shown_story(story, story.organisation, with_organisation=True)


def national_theme(story: Story):
    """The national theme of the story's goal, or None. An organisation's own theme is its own
    business and stays inside; the six national themes are common ground."""
    goal = story.goal
    if goal is None or goal.theme is None or not goal.theme.is_national:
        return None
    return goal.theme
