"""The demo's API tokens: the finance system's and the BI tool's organisation tokens with a day
of calls, an old revoked one, the coordinator's personal token, the contractor's token, and a
token to try the API with, printed by `impactinkoop demo`. Only a token's hash is kept, so the
try-out token's secret is derived from this installation's secret key: the same at every
start, and made again only when it expired."""

from datetime import timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac

from impactinkoop.accounts.models import ContractorAccess
from impactinkoop.accounts.roles import Role

from .models import ApiToken, ApiUsage
from .scopes import Scope
from .services import create_token, revoke_token
from .tokens import PREFIX, hash_of

TRY_OUT_NAME = "Proberen vanaf de opdrachtregel"


def build_demo_tokens(organisation, users: dict, contractor_email: str) -> str:
    """The demo's tokens (made once) and the try-out token; returns the try-out's secret."""
    admin = users[Role.ADMIN]
    if not ApiToken.objects.for_organisation(organisation).exclude(name=TRY_OUT_NAME).exists():
        _build_standing_tokens(organisation, users, contractor_email)
    secret = PREFIX + salted_hmac("impactinkoop.api.demo", organisation.slug).hexdigest()[:43]
    usable = ApiToken.objects.usable().filter(token_hash=hash_of(secret)).exists()
    if not usable:
        ApiToken.objects.filter(token_hash=hash_of(secret)).delete()  # expired: made again
        create_token(
            kind=ApiToken.Kind.ORGANISATION,
            organisation=organisation,
            name=TRY_OUT_NAME,
            scopes=[scope.value for scope in Scope],
            days=30,
            actor=admin,
            secret=secret,
        )
    return secret


def _build_standing_tokens(organisation, users: dict, contractor_email: str) -> None:
    admin = users[Role.ADMIN]
    finance, _secret = create_token(
        kind=ApiToken.Kind.ORGANISATION,
        organisation=organisation,
        name="Financieel systeem: maandelijkse grootboekexport",
        scopes=[Scope.IMPORT_LEDGERS, Scope.READ_FIGURES],
        days=365,
        actor=admin,
    )
    power_bi, _secret = create_token(
        kind=ApiToken.Kind.ORGANISATION,
        organisation=organisation,
        name="Power BI-dashboard inkoop",
        scopes=[Scope.READ_FIGURES],
        days=180,
        actor=admin,
    )
    old, _secret = create_token(
        kind=ApiToken.Kind.ORGANISATION,
        organisation=organisation,
        name="Oude koppeling spreadsheet",
        scopes=[Scope.READ_FIGURES],
        days=30,
        actor=admin,
    )
    revoke_token(old, actor=admin)
    coordinator = users[Role.COORDINATOR]
    create_token(
        kind=ApiToken.Kind.PERSONAL,
        organisation=organisation,
        name="Mijn Excel-koppeling",
        scopes=[Scope.READ_FIGURES],
        days=90,
        actor=coordinator,
        user=coordinator,
    )
    access = ContractorAccess.objects.filter(
        organisation=organisation, user__email=contractor_email
    ).first()
    if access is not None:
        create_token(
            kind=ApiToken.Kind.CONTRACTOR,
            organisation=organisation,
            name="HR-systeem: plaatsingen social return",
            scopes=[Scope.REPORT_SROI],
            days=180,
            actor=access.user,
            user=access.user,
            contractor_access=access,
        )
    _a_day_of_calls(power_bi, per_hour=4)
    _a_day_of_calls(finance, per_hour=0, writes_at=(3,))


def _a_day_of_calls(token: ApiToken, per_hour: int, writes_at: tuple[int, ...] = ()) -> None:
    """A BI tool reads the figures a few times an hour; the finance system pushes at night."""
    now = timezone.now().replace(second=0, microsecond=0)
    rows = []
    for hours_ago in range(24):
        minute = now - timedelta(hours=hours_ago, minutes=7)
        writes = 1 if minute.hour in writes_at else 0
        if per_hour or writes:
            rows.append(ApiUsage(token=token, minute=minute, reads=per_hour, writes=writes))
    ApiUsage.objects.bulk_create(rows)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now - timedelta(minutes=7))
