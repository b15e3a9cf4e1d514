"""Every tenant model (one with an `organisation` field) reads through `for_organisation()`, the
one tenant filter of its queryset, so views and services never spell the filter out themselves."""

from django.apps import apps

from impactinkoop.accounts.models import Organisation


def tenant_models() -> list:
    return [
        model
        for model in apps.get_models()
        if any(
            field.name == "organisation" and field.related_model is Organisation
            for field in model._meta.get_fields()
            if field.concrete
        )
    ]


def test_the_walk_finds_the_tenant_models_of_every_app():
    labels = {model._meta.label for model in tenant_models()}
    assert {
        "core.AuditEntry",
        "accounts.Membership",
        "registry.Qualification",
        "spend.LedgerLine",
        "catalogue.ShortlistEntry",
        "plans.Goal",
    } <= labels


def test_every_tenant_model_has_for_organisation(db):
    missing = [
        model._meta.label
        for model in tenant_models()
        if not hasattr(model._default_manager, "for_organisation")
    ]
    assert missing == []


def test_for_organisation_filters_on_the_organisation_and_nothing_else(db):
    organisation = Organisation(pk=4242, slug="ergens")
    wrong = []
    for model in tenant_models():
        manager = model._default_manager
        if not hasattr(manager, "for_organisation"):
            continue  # reported by the test above
        scoped = str(manager.for_organisation(organisation).query)
        expected = str(manager.filter(organisation=organisation).query)
        if scoped != expected:
            wrong.append(model._meta.label)
    assert wrong == []
