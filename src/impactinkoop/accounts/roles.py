"""Roles of a membership and what each may do; the one table every permission check reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("MVI coordinator")
    BUYER = "buyer", _("Buyer")
    BUDGET_HOLDER = "budget_holder", _("Budget holder")
    REQUESTER = "requester", _("Requester")
    SROI_OFFICER = "sroi_officer", _("Social return officer")
    TENDERBOARD = "tenderboard", _("Tenderboard member")
    VIEWER = "viewer", _("Viewer")
    ADMIN = "admin", _("Administrator")


ROLE_DESCRIPTIONS = {
    Role.COORDINATOR: _("Owns the programme: baseline, goals, plan and reports."),
    Role.BUYER: _(
        "Prepares tenders and chooses responsible-procurement criteria and SROI clauses."
    ),
    Role.BUDGET_HOLDER: _("Responsible for social procurement in their own purchases."),
    Role.REQUESTER: _("Buys small things below the tender thresholds."),
    Role.SROI_OFFICER: _("Monitors social return obligations and realisations."),
    Role.TENDERBOARD: _("Reviews how responsible procurement is applied in large tenders."),
    Role.VIEWER: _("Reads dashboards and reports."),
    Role.ADMIN: _("Manages members and settings, and may do everything a coordinator does."),
}


class Permission(models.TextChoices):
    """Capabilities checked by views; later issues add theirs here."""

    VIEW_ORGANISATION = "organisation.view", _("See the organisation's pages")
    MANAGE_MEMBERS = "members.manage", _("Invite, change and remove members")
    VIEW_MEMBERS = "members.view", _("See who the members are")
    VIEW_AUDIT = "audit.view", _("Read the audit log")
    EXPORT_AUDIT = "audit.export", _("Export the audit log")
    VIEW_JOBS = "jobs.view", _("Follow background jobs")
    EDIT_ORGANISATION = "organisation.edit", _("Change the organisation's details")
    VIEW_REGISTER = "register.view", _("Look up companies in the register")
    MANAGE_REGISTER = (
        "register.manage",
        _("Add companies and the organisation's own qualifications"),
    )
    EDIT_POLICY = "register.policy", _("Choose which qualifications count as social enterprise")
    IMPORT_REGISTER = "register.import", _("Import register files")
    VIEW_SPEND = "spend.view", _("See spend and suppliers")
    IMPORT_SPEND = "spend.import", _("Import ledger exports")
    FREEZE_BASELINE = "spend.freeze_baseline", _("Freeze the official baseline")
    VIEW_CATALOGUE = "catalogue.view", _("Look up social enterprises and their offers")
    REQUEST_QUOTE = "catalogue.request", _("Ask for quotes and record purchases")
    MANAGE_CATALOGUE = (
        "catalogue.manage",
        _("Recommend enterprises per category and see every request and purchase"),
    )
    VIEW_PLAN = "plan.view", _("Read the plan: themes, ambitions, goals, actions and team")
    MANAGE_PLAN = (
        "plan.manage",
        _("Choose themes, hold ambition sessions, set goals and keep the team and documents"),
    )
    EDIT_ACTIONS = (
        "plan.actions",
        _("Plan and update actions (budget holders: those of their own department)"),
    )
    VIEW_CONTRACTS = "contracts.view", _("See contracts, the tender pipeline and MVI per tender")
    MANAGE_CONTRACTS = (
        "contracts.manage",
        _("Enter contracts and tenders, decide MVI per tender and award"),
    )
    IMPORT_CONTRACTS = "contracts.import", _("Import contract registers")
    EDIT_TENDER_RULES = "contracts.rules", _("Change the thresholds for MVOI and social return")
    VIEW_SROI = "sroi.view", _("See social-return obligations and balances")
    VIEW_REALISATIONS = (
        "sroi.realisations",
        _("See and review realisations: participant codes, evidence and history"),
    )
    MANAGE_SROI = (
        "sroi.manage",
        _("Keep building-block tables, obligations and realisations"),
    )
    ADVISE_TENDERS = (
        "tenderboard.advise",
        _("Advise on the MVI of tenders submitted to the tenderboard"),
    )
    VIEW_SUPPLIER_TALKS = (
        "conversations.view",
        _("See the suppliers to talk to, the conversations and their commitments"),
    )
    RECORD_SUPPLIER_TALKS = (
        "conversations.record",
        _("Record conversations with suppliers and follow up their commitments"),
    )
    VIEW_RESULTS = "reports.view", _("Read the evaluation, the impact reports and case stories")
    MANAGE_RESULTS = (
        "reports.manage",
        _("Evaluate the year, write and publish the impact report and approve case stories"),
    )
    WRITE_STORIES = "reports.stories", _("Draft case stories")
    PUBLISH_PAGE = "reports.public", _("Turn the public impact page on and choose what it shows")
    VIEW_PEERS = (
        "peers.view",
        _("Read the case library and the knowledge, and join intervision groups"),
    )
    VIEW_BENCHMARK = "peers.benchmark", _("See the benchmark with peer organisations")
    SHARE_FIGURES = (
        "peers.share",
        _("Choose whether the organisation shares its figures and contact with peers"),
    )
    MANAGE_KNOWLEDGE = "peers.knowledge", _("Keep the knowledge per step and theme")
    START_GROUPS = "peers.groups", _("Start intervision groups and invite people to them")


_EVERY_ROLE = frozenset(Role)
_PROGRAMME_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Permission.VIEW_ORGANISATION: _EVERY_ROLE,
    Permission.VIEW_MEMBERS: _EVERY_ROLE,
    Permission.MANAGE_MEMBERS: frozenset({Role.ADMIN}),
    Permission.VIEW_AUDIT: _PROGRAMME_ROLES,
    Permission.EXPORT_AUDIT: _PROGRAMME_ROLES,
    Permission.VIEW_JOBS: _PROGRAMME_ROLES | {Role.BUYER, Role.SROI_OFFICER},
    Permission.EDIT_ORGANISATION: frozenset({Role.ADMIN}),
    Permission.VIEW_REGISTER: _EVERY_ROLE,
    Permission.MANAGE_REGISTER: _PROGRAMME_ROLES | {Role.BUYER, Role.SROI_OFFICER},
    Permission.EDIT_POLICY: _PROGRAMME_ROLES,
    Permission.IMPORT_REGISTER: _PROGRAMME_ROLES,
    Permission.VIEW_SPEND: _PROGRAMME_ROLES
    | {Role.BUYER, Role.BUDGET_HOLDER, Role.TENDERBOARD, Role.SROI_OFFICER, Role.VIEWER},
    Permission.IMPORT_SPEND: _PROGRAMME_ROLES,
    Permission.FREEZE_BASELINE: _PROGRAMME_ROLES,
    Permission.VIEW_CATALOGUE: _EVERY_ROLE,
    Permission.REQUEST_QUOTE: _EVERY_ROLE - {Role.VIEWER, Role.TENDERBOARD},
    Permission.MANAGE_CATALOGUE: _PROGRAMME_ROLES | {Role.BUYER},
    Permission.VIEW_PLAN: _EVERY_ROLE,
    Permission.MANAGE_PLAN: _PROGRAMME_ROLES,
    Permission.EDIT_ACTIONS: _PROGRAMME_ROLES | {Role.BUDGET_HOLDER},
    Permission.VIEW_CONTRACTS: _PROGRAMME_ROLES
    | {Role.BUYER, Role.BUDGET_HOLDER, Role.TENDERBOARD, Role.SROI_OFFICER, Role.VIEWER},
    Permission.MANAGE_CONTRACTS: _PROGRAMME_ROLES | {Role.BUYER},
    Permission.IMPORT_CONTRACTS: _PROGRAMME_ROLES | {Role.BUYER},
    Permission.EDIT_TENDER_RULES: _PROGRAMME_ROLES,
    Permission.VIEW_SROI: _PROGRAMME_ROLES
    | {Role.BUYER, Role.BUDGET_HOLDER, Role.TENDERBOARD, Role.SROI_OFFICER, Role.VIEWER},
    Permission.MANAGE_SROI: frozenset({Role.SROI_OFFICER, Role.ADMIN}),
    # Realisations carry participant codes and evidence: only the SROI officers see them (and the
    # contractor its own, on the contractor pages). Everyone else sees aggregates (decision 0022).
    Permission.VIEW_REALISATIONS: frozenset({Role.SROI_OFFICER}),
    # Only the tenderboard advises: the buyer who submits, and the coordinator who runs the
    # programme, are the ones it advises.
    Permission.ADVISE_TENDERS: frozenset({Role.TENDERBOARD}),
    Permission.VIEW_SUPPLIER_TALKS: _PROGRAMME_ROLES
    | {Role.BUYER, Role.BUDGET_HOLDER, Role.TENDERBOARD, Role.SROI_OFFICER, Role.VIEWER},
    Permission.RECORD_SUPPLIER_TALKS: _PROGRAMME_ROLES | {Role.BUYER},
    Permission.VIEW_RESULTS: _EVERY_ROLE,
    Permission.MANAGE_RESULTS: _PROGRAMME_ROLES,
    Permission.WRITE_STORIES: _EVERY_ROLE - {Role.VIEWER, Role.TENDERBOARD},
    # Publishing outside the organisation is an administrator's choice (opt-in, off by default).
    Permission.PUBLISH_PAGE: frozenset({Role.ADMIN}),
    Permission.VIEW_PEERS: _EVERY_ROLE,
    # The benchmark shows the organisation's own share of spend: whoever sees spend sees it.
    Permission.VIEW_BENCHMARK: _PROGRAMME_ROLES
    | {Role.BUYER, Role.BUDGET_HOLDER, Role.TENDERBOARD, Role.SROI_OFFICER, Role.VIEWER},
    # Sharing outside the organisation is an administrator's choice (opt-in, off by default).
    Permission.SHARE_FIGURES: frozenset({Role.ADMIN}),
    Permission.MANAGE_KNOWLEDGE: _PROGRAMME_ROLES,
    Permission.START_GROUPS: _PROGRAMME_ROLES | {Role.BUYER, Role.SROI_OFFICER},
}


def role_has_permission(role: str, permission: str) -> bool:
    return role in ROLE_PERMISSIONS.get(permission, frozenset())


def granted_permissions(role: str) -> frozenset[str]:
    return frozenset(permission for permission, roles in ROLE_PERMISSIONS.items() if role in roles)
