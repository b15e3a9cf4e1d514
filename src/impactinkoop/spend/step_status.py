"""Where an organisation stands in step 1 (inventory): policy, ledger, links, baseline."""

from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.steps import StepStatus, register_step_status
from impactinkoop.core.templatetags.money import percent
from impactinkoop.registry.models import RegisterPolicy
from impactinkoop.registry.policy import social_enterprise_ids

from .linking.review import proposals
from .models import Baseline, LedgerImport


@register_step_status("inventory")
def inventory_status(organisation) -> StepStatus:
    def counting() -> str:
        # Only the first two states show it: it is the home page's costliest query.
        count = len(social_enterprise_ids(organisation, timezone.localdate()))
        return _("%(count)d companies in the register count as social enterprise for you.") % {
            "count": count
        }

    if not RegisterPolicy.objects.filter(organisation=organisation).exists():
        return StepStatus("todo", counting() + " " + _("Choose your policy."))
    imported = LedgerImport.objects.filter(
        organisation=organisation, state=LedgerImport.State.COMMITTED
    )
    if not imported.exists():
        return StepStatus("started", counting() + " " + _("Import a ledger export."))
    official = Baseline.objects.filter(organisation=organisation, is_official=True).first()
    if official:
        return StepStatus(
            "done",
            _("Official baseline: %(name)s, %(share)s at social enterprises.")
            % {"name": official.name, "share": percent(official.figures.get("social_share"))},
        )
    to_review = proposals(organisation).count()
    if to_review:
        return StepStatus(
            "started", _("%(count)d supplier links to review.") % {"count": to_review}
        )
    return StepStatus("started", _("Freeze the official baseline."))
