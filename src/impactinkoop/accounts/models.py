"""Users, organisations (the tenants), memberships with a role, and invitations."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.querysets import TenantQuerySet
from impactinkoop.core.regions import LABOUR_MARKET_REGION_CHOICES
from impactinkoop.core.validators import validate_kvk_number

from .querysets import MembershipQuerySet, OrganisationQuerySet
from .roles import Role, role_has_permission
from .themes import (
    DEFAULT,
    HEX_COLOUR,
    TOKEN_SET_CHOICES,
    TOKEN_SETS,
    Colours,
    check_contrast,
    validate_hex_colour,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with e-mail and password; platform staff are `is_staff`."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform administrator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    last_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("last organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """A public organisation using the platform: the tenant every scoped row belongs to."""

    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("Municipality")
        PROVINCIE = "provincie", _("Province")
        RIJK = "rijk", _("Central government")
        WATERSCHAP = "waterschap", _("Water authority")
        ONDERWIJS = "onderwijs", _("Education")
        ZORG = "zorg", _("Healthcare")
        OVERIG = "overig", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in web addresses"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GEMEENTE)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validate_kvk_number]
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    labour_market_region = models.CharField(
        _("labour-market region"), max_length=60, blank=True, choices=LABOUR_MARKET_REGION_CHOICES
    )
    # Everyone of the organisation signs in with a second factor (administrators always do,
    # settings.TWO_FACTOR_FOR_ADMINS); people who sign in through its own provider are exempt.
    require_two_factor = models.BooleanField(
        _("everyone signs in with two factors"),
        default=False,
        db_default=False,  # rows written by code from before this field (old migrations) too
        help_text=_(
            "Members then sign in with their password and a code from an authenticator app."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A part of the organisation (a directorate, a service, a team), as its ledger names it.
    Ledger imports add the departments they find; a budget holder answers for one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="accounts_department_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in an organisation, with one role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A budget holder answers for the purchases of one department: it bounds which actions of
    # the annual plan they may edit.
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)
    # A deactivated membership is kept, with everything the person did, but opens nothing: the
    # tenant boundary and every list of people to choose from read `Membership.objects.active()`.
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deactivated by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="accounts_membership_user_org_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    def has_permission(self, permission: str) -> bool:
        return role_has_permission(self.role, permission)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation by e-mail; only a hash of the link's token is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # An invitation for a contractor names its company and no role: accepting it gives a
    # `ContractorAccess`, not a membership. The company is the register's, by id and name (see
    # `ContractorAccess`).
    company_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @classmethod
    def new(cls, *, organisation, email, role, invited_by) -> tuple["Invitation", str]:
        """Build an unsaved invitation and the plain token that goes into the link."""
        token = secrets.token_urlsafe(32)
        invitation = cls(
            organisation=organisation,
            email=email.strip().lower(),
            role=role,
            invited_by=invited_by,
            token_hash=_hash_token(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, token

    @classmethod
    def find_by_token(cls, token: str) -> "Invitation | None":
        return (
            cls.objects.select_related("organisation").filter(token_hash=_hash_token(token)).first()
        )

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return not self.accepted_at and not self.revoked_at and not self.is_expired


class Theme(models.Model):
    """An organisation's house style: a logo and a few colours, or a municipality's published
    token set that only a platform administrator assigns. Empty colours keep the defaults."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="theme"
    )
    # The logo's bytes live in the row (a few hundred kB at most), so every web process can serve
    # it; pages that only need to know whether there is one defer it (`tenancy.membership_for`).
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    logo_name = models.CharField(_("logo file name"), max_length=255, blank=True, editable=False)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, blank=True, validators=[validate_hex_colour]
    )
    header_background_colour = models.CharField(
        _("header background colour"), max_length=7, blank=True, validators=[validate_hex_colour]
    )
    link_colour = models.CharField(
        _("link colour"), max_length=7, blank=True, validators=[validate_hex_colour]
    )
    token_set = models.CharField(
        _("published token set"), max_length=20, blank=True, choices=TOKEN_SET_CHOICES
    )
    public_catalogue = models.BooleanField(
        _("public catalogue in our house style"),
        default=False,
        help_text=_(
            "Also show the public catalogue in this house style at its own address, to link to "
            "from your website. That address tells visitors your organisation uses Impactinkoop."
        ),
    )
    # Random and new on every change: the stylesheet's and logo's addresses carry it, so browsers
    # keep them for a year, and nobody can guess them to find out which organisations exist.
    version = models.CharField(max_length=16, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("house style")
        verbose_name_plural = _("house styles")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_content_type)

    @property
    def own_colours(self) -> Colours:
        """The organisation's own colours over the defaults."""
        return Colours(
            primary=self.primary_colour or DEFAULT.primary,
            link=self.link_colour or DEFAULT.link,
            header_background=self.header_background_colour or DEFAULT.header_background,
        )

    @property
    def colours(self) -> Colours:
        """What the pages show: the token set if one is assigned, else the own colours."""
        return TOKEN_SETS.get(self.token_set) or self.own_colours

    def clean(self):
        # The own colours are checked even under a token set: they return when it is taken away.
        # The token sets themselves pass (tests/accounts/test_themes.py).
        if all(
            HEX_COLOUR.match(value)
            for value in (self.primary_colour, self.header_background_colour, self.link_colour)
            if value
        ):
            check_contrast(self.own_colours)


class ContractorAccess(models.Model):
    """A user who reports social return for one company in the register to one organisation
    that invited it. Not a membership: it opens only the contractor pages (`/contractor/`,
    `tenancy.contractor_view`), never an organisation's pages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contractor_accesses"
    )
    # The register's company by id, with its name as it was at the invitation: not a foreign
    # key, because accounts sits below registry in the layers and a key would make their
    # migrations need each other (decision 0022). sroi removes the access when the company goes.
    company_id = models.PositiveBigIntegerField(_("company in the register"), db_index=True)
    company_name = models.CharField(_("company"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contractor_accesses"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("contractor access")
        verbose_name_plural = _("contractor accesses")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "company_id", "organisation"], name="accounts_contractor_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.company_name} @ {self.organisation}"

    @classmethod
    def grant(cls, *, user, company, organisation, invited_by=None) -> "ContractorAccess":
        """Access for a register company (scripts, the demo and tests; people get it by
        accepting an invitation)."""
        return cls.objects.create(
            user=user,
            company_id=company.pk,
            company_name=company.name,
            organisation=organisation,
            invited_by=invited_by,
        )
