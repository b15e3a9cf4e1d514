"""Where an organisation stands in step 1 (inventory), as far as the register tells."""

from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.steps import StepStatus, register_step_status

from .models import RegisterPolicy
from .policy import social_enterprise_ids


@register_step_status("inventory")
def register_status(organisation) -> StepStatus:
    count = len(social_enterprise_ids(organisation, timezone.localdate()))
    chosen = RegisterPolicy.objects.filter(organisation=organisation).exists()
    summary = _("%(count)d companies in the register count as social enterprise for you.") % {
        "count": count
    }
    if not chosen:
        return StepStatus("todo", summary + " " + _("Choose your policy."))
    return StepStatus("started", summary)
