"""The knowledge a coordinator keeps per step of the approach (the seven steps of `core.steps`)
and, where it fits, per theme: links to guidance such as PIANOo's pages, and the organisation's
own documents. De Normaalste Zaak's step 5 ("doe kennis op") reads from it.

An own document passes `knowledge_documents.check_document` first; it is kept in the row and only
ever served to members of the organisation, as a download."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_organisation, lock_row
from impactinkoop.core.steps import STEPS
from impactinkoop.core.validators import validate_web_address
from impactinkoop.plans.models import Theme

from .models import KnowledgeItem

STEP_NUMBERS = frozenset(step.number for step in STEPS)


# Writing ---------------------------------------------------------------------------------------


def themes_for(organisation):
    """The themes an item can carry: the national ones and the organisation's own."""
    return Theme.objects.visible_to(organisation)


def _check(organisation, *, step: int, theme, url: str = "") -> None:
    if url:
        # The page links it as it is: only an http(s) address, whoever calls (a form, the demo).
        validate_web_address(url)
    if step not in STEP_NUMBERS:
        raise ValidationError(_("Choose one of the seven steps."), code="step")
    if theme is not None and theme.organisation_id not in (None, organisation.pk):
        raise PermissionDenied  # another organisation's own theme


def _content(item: KnowledgeItem) -> dict:
    return {
        "step": item.step,
        "theme": str(item.theme) if item.theme_id else "",
        "title": item.title,
        "url": item.url,
        "file_name": item.file_name,
        "note": item.note,
    }


@transaction.atomic
def add_item(
    *, actor, organisation, step: int, title: str, theme=None, url="", note="", document=None
) -> KnowledgeItem:
    """A link or an own document (a `Document` from `check_document`), never both, never
    neither."""
    _check(organisation, step=step, theme=theme, url=url)
    if bool(url) == bool(document):
        raise ValidationError(_("Give a web address or a document, one of the two."), code="one")
    item = KnowledgeItem(
        organisation=organisation,
        step=step,
        theme=theme,
        title=title,
        url=url,
        note=note,
        added_by=actor,
    )
    if document is not None:
        item.document = document.data
        item.content_type = document.content_type
        item.file_name = document.file_name
    item.save()
    log_action(
        "peers.knowledge_added",
        actor=actor,
        organisation=organisation,
        obj=item,
        after=_content(item),
    )
    return item


@transaction.atomic
def change_item(
    item: KnowledgeItem, *, actor, organisation, step, title, theme, note, url="", document=None
) -> KnowledgeItem:
    """A link stays a link (its address may change); a document stays a document (it may be
    replaced). To turn one into the other, remove it and add the other."""
    if item.organisation_id != organisation.pk:
        raise PermissionDenied
    item = lock_row(item)
    _check(organisation, step=step, theme=theme, url=url)
    is_document = bool(item.file_name)
    if is_document and url:
        raise ValidationError(_("This item is a document; it has no web address."), code="kind")
    if not is_document and (document is not None or not url):
        raise ValidationError(_("This item is a link: give its web address."), code="kind")
    before = _content(item)
    item.step, item.title, item.theme, item.note = step, title, theme, note
    if is_document:
        if document is not None:
            item.document = document.data
            item.content_type = document.content_type
            item.file_name = document.file_name
    else:
        item.url = url
    after = _content(item)
    if after == before and document is None:
        return item
    item.save()
    log_action(
        "peers.knowledge_changed",
        actor=actor,
        organisation=organisation,
        obj=item,
        before=before,
        after={**after, **({"document": "replaced"} if document is not None else {})},
    )
    return item


@transaction.atomic
def remove_item(item: KnowledgeItem, *, actor, organisation) -> None:
    if item.organisation_id != organisation.pk:
        raise PermissionDenied
    item = lock_row(item)
    log_action(
        "peers.knowledge_removed",
        actor=actor,
        organisation=organisation,
        obj=item,
        before=_content(item),
    )
    item.delete()


# The starter set -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StarterItem:
    step: int
    theme_key: str  # a national theme's key, or ""
    title: object
    url: str
    note: object


# Well-known public guidance, a few pages per step; the coordinator adds their own around it.
STARTER_SET = (
    StarterItem(
        1,
        "",
        gettext_lazy("Code Sociale Ondernemingen: the register of social enterprises"),
        "https://www.codesocialeondernemingen.nl/",
        gettext_lazy(
            "Which enterprises are registered under the code for social enterprises: a source "
            "for linking suppliers and for deciding what counts as a social enterprise."
        ),
    ),
    StarterItem(
        2,
        "",
        gettext_lazy("PIANOo: responsible procurement (MVI)"),
        "https://www.pianoo.nl/nl/themas/maatschappelijk-verantwoord-inkopen",
        gettext_lazy(
            "PIANOo's guidance on responsible procurement: the national themes, the manifesto "
            "and the tools that go with them."
        ),
    ),
    StarterItem(
        3,
        "",
        gettext_lazy("The MVI criteria tool"),
        "https://www.mvicriteria.nl/",
        gettext_lazy(
            "Criteria per product group at three levels of ambition, to turn an ambition into "
            "requirements in a tender."
        ),
    ),
    StarterItem(
        5,
        "social-return",
        gettext_lazy("PIANOo: social procurement and social return"),
        "https://www.pianoo.nl/nl/themas/maatschappelijk-verantwoord-inkopen/mvi-themas/"
        "sociaal-inkopen-social-return",
        gettext_lazy(
            "How to buy from social enterprises and apply social return: reserved contracts, "
            "clauses and examples."
        ),
    ),
    StarterItem(
        7,
        "",
        gettext_lazy("De Normaalste Zaak"),
        "https://www.denormaalstezaak.nl/",
        gettext_lazy(
            "The employers' network for inclusive work, whose seven steps for social procurement "
            "this approach follows: peers to learn from and to share results with."
        ),
    ),
)


@transaction.atomic
def add_starter_set(*, actor, organisation) -> list[KnowledgeItem]:
    """The starter set's items the organisation does not have yet (by web address), in the
    language of the person who adds them. A second click adds nothing."""
    lock_organisation(organisation.pk, "peers.knowledge")
    present = set(
        KnowledgeItem.objects.for_organisation(organisation)
        .exclude(url="")
        .values_list("url", flat=True)
    )
    themes = {theme.key: theme for theme in Theme.objects.filter(organisation=None)}
    added = []
    for starter in STARTER_SET:
        if starter.url in present:
            continue
        added.append(
            KnowledgeItem.objects.create(
                organisation=organisation,
                step=starter.step,
                theme=themes.get(starter.theme_key),
                title=str(starter.title),
                url=starter.url,
                note=str(starter.note),
                added_by=actor,
            )
        )
    if added:
        log_action(
            "peers.knowledge_starter_added",
            actor=actor,
            organisation=organisation,
            object_repr=_("PIANOo's guidance"),
            after={"items": [item.title for item in added]},
        )
    return added


STARTER_URLS = frozenset(starter.url for starter in STARTER_SET)


def starter_missing(organisation) -> bool:
    """Whether the starter set still has a page the organisation does not keep."""
    present = KnowledgeItem.objects.for_organisation(organisation).values_list("url", flat=True)
    return not set(present) >= STARTER_URLS


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepKnowledge:
    step: object  # core.steps.Step
    items: list


def by_step(organisation, theme=None) -> list[StepKnowledge]:
    """The organisation's items under each of the seven steps (an empty step too), optionally of
    one theme only."""
    items = (
        KnowledgeItem.objects.for_organisation(organisation)
        .defer("document")
        .select_related("theme")
    )
    if theme is not None:
        items = items.filter(theme=theme)
    grouped: dict[int, list] = {}
    for item in items:
        grouped.setdefault(item.step, []).append(item)
    return [StepKnowledge(step, grouped.get(step.number, [])) for step in STEPS]
