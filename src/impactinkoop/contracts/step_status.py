"""Where an organisation stands in step 4 (promising tenders: a pipeline from the contracts that
end) and step 5 (MVI in every tender above the threshold), and the reminders of contracts that
end on the home page."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.home import HomePanel, register_home_panel
from impactinkoop.core.numbers import percent
from impactinkoop.core.steps import StepStatus, register_step_status

from .figures import tender_figures
from .models import Contract, Tender
from .reminders import DEFAULT_HORIZON_DAYS, reminders


@register_step_status("tenders")
def tenders_status(organisation) -> StepStatus:
    contracts = Contract.objects.for_organisation(organisation).count()
    tenders = Tender.objects.for_organisation(organisation).not_cancelled().count()
    summary = ngettext(
        "%(count)d contract in the register, ", "%(count)d contracts in the register, ", contracts
    ) % {"count": contracts} + ngettext(
        "%(count)d tender in the pipeline.", "%(count)d tenders in the pipeline.", tenders
    ) % {"count": tenders}
    if not contracts and not tenders:
        return StepStatus("todo", summary)
    return StepStatus("done" if contracts and tenders else "started", summary)


@register_step_status("procurement")
def mvi_in_tenders_status(organisation) -> StepStatus | None:
    figures = tender_figures(organisation)
    if not figures.above_threshold:
        return None  # nothing to say yet: the catalogue's part speaks for the step
    summary = _(
        "MVI applied in %(share)s of the %(count)d tenders above the threshold; "
        "%(explained)d themes explained."
    ) % {
        "share": percent(figures.mvi_share),
        "count": figures.above_threshold,
        "explained": figures.themes_explained,
    }
    if figures.themes_open or figures.with_mvi < figures.above_threshold:
        return StepStatus("started", summary)
    return StepStatus("done", summary)


@register_home_panel
def contract_reminders_panel(request):
    if not request.membership.has_permission(Permission.VIEW_CONTRACTS):
        return None
    found = reminders(request.organisation, timezone.localdate())
    if not found:
        return None
    return HomePanel(
        "contracts/includes/home_panel.html",
        {"reminders": found[:10], "horizon": DEFAULT_HORIZON_DAYS},
    )
