"""What follows a change in an organisation's ledger lines or their links: an import, a deleted
import, link decisions, an exchange rate, a split supplier.

Apps above spend that keep something derived from the lines (the catalogue's recorded purchases
claim the ledger line that carries them) register a hook with `after_lines_changed` from their
`AppConfig.ready`; spend imports none of them. `lines_changed` runs those hooks and then computes
the figures spend keeps per data version, in the job that made the change, so that no page read
has to write or wait for them. A change made in a request (a decision, a deletion) queues that
work as one job (`refresh_later`)."""

import logging
from collections.abc import Callable

from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, job_handler, start_job
from impactinkoop.core.models import Job

logger = logging.getLogger(__name__)

REFRESH = "spend.refresh"

LinesChangedHook = Callable[[object], object]  # called with the organisation
_HOOKS: list[LinesChangedHook] = []


def after_lines_changed(hook: LinesChangedHook) -> LinesChangedHook:
    """Register `hook(organisation)` to run after the ledger lines of an organisation changed.
    Registering the same function twice (a second `ready()` in tests) keeps one."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def lines_changed(organisation) -> None:
    """Run every registered hook, then compute the kept figures for the data as it now is.
    Safe to run twice: the hooks only bring their state up to date, and kept figures of the
    same data version are read, not computed again."""
    from .baseline.figures import warm_figures

    for hook in list(_HOOKS):
        hook(organisation)
    warm_figures(organisation)


def refresh_later(organisation, *, actor) -> Job:
    """Queue `lines_changed` as a job once the caller's transaction commits. A refresh that is
    still waiting will see this change too, so a run of decisions queues one job, not one
    each."""
    waiting = Job.objects.filter(
        organisation=organisation, kind=REFRESH, state=Job.State.QUEUED
    ).first()
    if waiting is not None:
        return waiting
    return start_job(
        organisation=organisation,
        kind=REFRESH,
        actor=actor,
        title=_("Update the spend figures"),
    )


def policy_changed(organisation, *, actor) -> None:
    """Registered with the register (`SpendConfig.ready`): another policy counts other
    suppliers as social, so the kept figures are computed again, by a job (when there are
    any: an organisation without imports keeps none)."""
    from .models import LedgerImport

    if LedgerImport.objects.filter(
        organisation=organisation, state=LedgerImport.State.COMMITTED
    ).exists():
        refresh_later(organisation, actor=actor)


@job_handler(REFRESH, permission=Permission.IMPORT_SPEND, auto_retries=3)
def refresh(job: Job, progress: JobProgress) -> dict:
    progress.update(0, 1, _("Computing the baseline figures"))
    lines_changed(job.organisation)
    progress.finish(_("Spend figures up to date"))
    return {}
