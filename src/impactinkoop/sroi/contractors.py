"""What follows from a register company being removed for the contractors who report for it.

`accounts.ContractorAccess` and contractor invitations name their company by id, not by a
foreign key (accounts sits below registry; decision 0022), so sroi removes them here."""

from impactinkoop.accounts.models import ContractorAccess, Invitation


def company_removed(sender, instance, **kwargs) -> None:
    ContractorAccess.objects.filter(company_id=instance.pk).delete()
    Invitation.objects.filter(company_id=instance.pk, accepted_at=None).delete()
