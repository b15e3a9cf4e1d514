"""The tenant boundary: for every organisation page, an outsider gets 404 and changes nothing."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from impactinkoop.accounts.models import ContractorAccess, Invitation, Membership, Organisation
from impactinkoop.accounts.models import Theme as AccountTheme
from impactinkoop.accounts.roles import Role
from impactinkoop.api.models import ApiToken
from impactinkoop.catalogue.models import Category, Purchase, QuoteRequest, ShortlistEntry
from impactinkoop.core.background import start_job
from impactinkoop.core.models import AuditEntry, Job, StoredFile
from impactinkoop.portal.jobs import AUDIT_EXPORT
from impactinkoop.registry.models import Company, Qualification, RegisterImport, RegisterPolicy
from impactinkoop.spend.models import Baseline, LedgerImport, Supplier, SupplierMatch
from impactinkoop.spend.models import Category as SpendCategory

from .catalogue.helpers import published_enterprise
from .factories import make_member


def organisation_url_names() -> set[str]:
    """Every named URL routed under o/<org_slug>/, found by walking the URLconf."""
    names = set()

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif route.startswith("api/"):
                # The API's endpoints take a token, not a session: tests/api/test_access_matrix
                # calls each one as owner, member of another role, outsider and anonymous.
                continue
            elif isinstance(pattern, URLPattern) and pattern.name and "<slug:org_slug>" in route:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None, "")
    return names


@pytest.fixture
def victim(org, alice, django_capture_on_commit_callbacks):
    """Objects of Voorbeeldstad that an outsider will try to reach."""
    member = make_member(org, "dana@voorbeeldstad.example", Role.BUYER)
    invitation, _token = Invitation.new(
        organisation=org, email="eve@example.org", role=Role.VIEWER, invited_by=alice
    )
    invitation.save()
    AccountTheme.objects.create(organisation=org, primary_colour="#0b4f8a", version="eigen")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(organisation=org, kind=AUDIT_EXPORT, title="Export", actor=alice)
    company = Company.objects.create(kvk_number="12345678", name="Gedeeld B.V.")
    evidence = StoredFile.from_bytes(b"%PDF-1.4 geheim", name="bewijs.pdf", organisation=org)
    own = Qualification.objects.create(
        company=company,
        organisation=org,
        source="own_judgement",
        reason="eigen oordeel",
        valid_from=date(2025, 1, 1),
        evidence_file=evidence,
    )
    register_import = RegisterImport.objects.create(
        organisation=org,
        started_in=org,
        source="code_so",
        created_by=alice,
        file=StoredFile.from_bytes(b"naam\nA\n", name="r.csv", organisation=org),
        mapping={"name": "naam"},
    )
    ledger_import = LedgerImport.objects.create(
        organisation=org,
        file_name="grootboek.csv",
        file_sha256="x",
        state="committed",
        file=StoredFile.from_bytes(b"Crediteur;Bedrag\nA;1\n", name="g.csv", organisation=org),
    )
    supplier = Supplier.objects.create(organisation=org, key="n:1", name="Leverancier")
    proposal = SupplierMatch.objects.create(
        organisation=org,
        supplier=supplier,
        company=company,
        score=90,
        reason="test",
        alternatives=[],
    )
    baseline = Baseline.objects.create(
        organisation=org,
        name="Nulmeting",
        period_start="2025-01-01",
        period_end="2025-12-31",
        figures={"total_spend": "1.00"},
        data_version="x",
    )
    enterprise = published_enterprise(
        "23456789", "Gedeelde Catering", [("catering", "Lunch", "Broodjes voor de lunch")]
    )
    offer = enterprise.offers.get()
    quote = QuoteRequest.objects.create(
        organisation=org, offer=offer, enterprise=enterprise, requester=alice, message="Lunch"
    )
    own_category = Category.objects.create(
        slug="voorbeeldstad-kerst",
        name_nl="Kerst",
        name_en="Christmas",
        parent=Category.objects.get(slug="relatiegeschenken"),
        organisation=org,
    )
    Purchase.objects.create(
        organisation=org,
        enterprise=enterprise,
        description="Lunch",
        amount="100.00",
        date=date(2025, 3, 1),
        recorded_by=alice,
    )
    plans = plan_victims(org, alice)
    return {
        **plans,
        **evaluation_victims(org, plans["goal"]),
        **contract_victims(org, alice),
        **review_and_conversation_victims(org, alice, supplier),
        **report_victims(org, alice),
        **story_victims(org, alice),
        **peer_victims(org, alice),
        "enterprise": enterprise,
        "offer": offer,
        "quote": quote,
        "own_category": own_category,
        "baseline": baseline,
        "supplier_match": proposal,
        "ledger_import": ledger_import,
        "membership": Membership.objects.get(user=member),
        "invitation": invitation,
        "job": job,
        "company": company,
        "qualification": own,
        "register_import": register_import,
        "api_token": api_victim(org, alice),
    }


def api_victim(org, alice):
    from impactinkoop.api.services import create_token

    token, _secret = create_token(
        kind="organisation",
        organisation=org,
        name="Financieel systeem",
        scopes=["ledgers:import"],
        days=30,
        actor=alice,
    )
    return token


def plan_victims(org, alice) -> dict:
    from impactinkoop.plans import models as plan

    theme = plan.Theme.objects.create(organisation=org, name="Lokaal inkopen")
    session = plan.AmbitionSession.objects.create(
        organisation=org, title="Ambitieweb 2026", held_on=date(2026, 3, 1)
    )
    plan.AmbitionScore.objects.create(session=session, theme=theme, level=2)
    goal = plan.Goal.objects.create(
        organisation=org, title="Geheim doel", metric="number", unit="x", deadline=date(2027, 1, 1)
    )
    entry = plan.ProgressEntry.objects.create(
        goal=goal,
        measured_on=date(2026, 1, 1),
        value=1,
        evidence="telling",
        file=StoredFile.from_bytes(b"%PDF-1.4 doel", name="doel.pdf", organisation=org),
    )
    document = plan.PolicyDocument.objects.create(
        organisation=org, kind="coalition", title="Coalitieakkoord"
    )
    return {
        "theme": theme,
        "session": session,
        "goal": goal,
        "entry": entry,
        "action": plan.Action.objects.create(
            organisation=org, title="Geheime actie", due=date(2026, 6, 1)
        ),
        "team_member": plan.TeamMember.objects.create(
            organisation=org, name="Wethouder", function="wethouder", part="sponsor"
        ),
        "document": document,
        "passage": plan.KeyPassage.objects.create(document=document, text="Wij kopen sociaal"),
        "spend_category": SpendCategory.objects.create(organisation=org, name="Catering"),
    }


# The year of the victim's evaluation (reports.evaluations).
EVALUATED_YEAR = 2025


def evaluation_victims(org, goal) -> dict:
    from impactinkoop.reports.models import Evaluation, GoalEvaluation

    evaluation = Evaluation.objects.create(organisation=org, year=EVALUATED_YEAR, summary="Geheim")
    return {
        "evaluation": evaluation,
        "goal_evaluation": GoalEvaluation.objects.create(
            evaluation=evaluation, goal=goal, outcome="partly", helped="geheim"
        ),
    }


def contract_victims(org, alice) -> dict:
    from impactinkoop.contracts.models import Contract, ContractImport
    from impactinkoop.contracts.services import create_tender

    contract = Contract.objects.create(
        organisation=org, key="ref:geheim", reference="GEHEIM", title="Geheim contract"
    )
    tender = create_tender(org, actor=alice, title="Geheime aanbesteding", estimated_value=90000)
    contract_import = ContractImport.objects.create(
        organisation=org,
        file=StoredFile.from_bytes(b"Omschrijving\nA\n", name="c.csv", organisation=org),
        file_name="c.csv",
        mapping={"title": "Omschrijving"},
    )
    return {
        "contract": contract,
        "tender": tender,
        "contract_import": contract_import,
        **sroi_victims(org, alice),
    }


def sroi_victims(org, alice) -> dict:
    from datetime import date

    from impactinkoop.contracts.models import Contract
    from impactinkoop.sroi.models import Evidence, Realisation, RuleSet, SroiImport
    from impactinkoop.sroi.rules import load_shipped
    from impactinkoop.sroi.services import create_obligation

    load_shipped(org)
    table = RuleSet.objects.get(organisation=org, key="haaglanden-2023")
    contractor_company = Company.objects.create(kvk_number="34567890", name="Aannemer B.V.")
    sroi_contract = Contract.objects.create(
        organisation=org,
        company=contractor_company,
        key="ref:sroi",
        title="Geheime schoonmaak",
        social_return=True,
        awarded_value=500000,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
    )
    obligation = create_obligation(sroi_contract, actor=alice, rule_set=table, percentage=5)
    purchase = Realisation.objects.create(
        obligation=obligation,
        kind="placement",
        block=table.blocks.get(name="WW"),
        participant_code="SR-GEHEIM",
        hours_per_week=36,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
        status="submitted",
    )
    sroi_evidence = Evidence.objects.create(
        realisation=purchase,
        file=StoredFile.from_bytes(b"%PDF-1.4 loonstrook", name="loon.pdf", organisation=org),
    )
    contractor_invitation, _token = Invitation.new(
        organisation=org, email="ploeg@aannemer.example", role="", invited_by=alice
    )
    contractor_invitation.company_id = contractor_company.pk
    contractor_invitation.company_name = contractor_company.name
    contractor_invitation.save()
    return {
        "contractor_access": ContractorAccess.grant(
            user=make_member(org, "frank@voorbeeldstad.example", Role.VIEWER),
            company=contractor_company,
            organisation=org,
        ),
        "contractor_invitation": contractor_invitation,
        "sroi_evidence": sroi_evidence,
        "sroi_table": table,
        "sroi_block": table.blocks.first(),
        "sroi_contract": sroi_contract,
        "obligation": obligation,
        "realisation": purchase,
        "sroi_import": SroiImport.objects.create(
            organisation=org,
            file=StoredFile.from_bytes(b"Contractnummer\nSR-1\n", name="s.csv", organisation=org),
            file_name="s.csv",
            mapping={"contract": "Contractnummer"},
        ),
    }


def report_victims(org, alice) -> dict:
    from impactinkoop.reports.editions import publish, save_report

    report = save_report(
        actor=alice, organisation=org, year=2025, sections={"introduction": "Geheim"}, stories=[]
    )
    return {"report": report, "edition": publish(org, 2025, actor=alice)}


def report_state() -> dict:
    from impactinkoop.reports.models import Edition, Report

    return {
        "reports": list(Report.objects.values_list("pk", "year", "sections").order_by("pk")),
        "report_stories": list(Report.stories.through.objects.values_list("pk").order_by("pk")),
        "editions": list(Edition.objects.values_list("pk", "number").order_by("pk")),
    }


def story_victims(org, alice) -> dict:
    from impactinkoop.reports.models import PublicPage, Quote, Story, StoryPhoto

    story = Story.objects.create(
        organisation=org, title="Geheim verhaal", text="Geheim", written_by=alice, state="submitted"
    )
    PublicPage.objects.create(organisation=org, introduction="Geheim")
    return {
        "story": story,
        "story_photo": StoryPhoto.objects.create(
            story=story, image=b"\x89PNG", content_type="image/png", alt_text="Geheim"
        ),
        "story_quote": Quote.objects.create(story=story, text="Geheim", speaker="Iemand"),
    }


def peer_victims(org, alice) -> dict:
    from impactinkoop.peers.models import KnowledgeItem

    knowledge = KnowledgeItem.objects.create(
        organisation=org,
        step=5,
        title="Geheime notitie",
        document=b"%PDF-1.4 geheim",
        content_type="application/pdf",
        file_name="geheim.pdf",
        added_by=alice,
    )
    return {"knowledge": knowledge}


def peer_state() -> dict:
    from impactinkoop.peers.models import KnowledgeItem, Sharing

    return {
        "knowledge": list(KnowledgeItem.objects.values_list("pk", "title").order_by("pk")),
        "sharing": list(Sharing.objects.values_list("organisation_id", "shares_figures", "named")),
    }


def story_state() -> dict:
    from impactinkoop.reports.models import PublicPage, Quote, Story, StoryPhoto

    return {
        "stories": list(Story.objects.values_list("pk", "title", "state").order_by("pk")),
        "story_photos": list(StoryPhoto.objects.values_list("pk", "alt_text").order_by("pk")),
        "story_quotes": list(Quote.objects.values_list("pk", "text").order_by("pk")),
        "public_pages": list(
            PublicPage.objects.values_list("pk", "enabled", "introduction", "figures")
        ),
    }


def review_and_conversation_victims(org, alice, supplier) -> dict:
    from django.utils import timezone

    from impactinkoop.contracts.services import create_tender
    from impactinkoop.conversations.models import Commitment, Conversation
    from impactinkoop.tenderboard.models import Submission

    tender = create_tender(org, actor=alice, title="Geheime review", estimated_value=900000)
    submission = Submission.objects.create(
        organisation=org, tender=tender, number=1, submitted_by=alice, submitted_at=timezone.now()
    )
    conversation = Conversation.objects.create(
        organisation=org,
        supplier=supplier,
        supplier_name=supplier.name,
        held_on=date(2026, 5, 1),
        participants="Alice",
        asked="Geheime vraag",
    )
    commitment = Commitment.objects.create(
        organisation=org,
        conversation=conversation,
        description="Geheim",
        follow_up=date(2027, 1, 1),
    )
    return {
        "review_tender": tender,
        "submission": submission,
        "conversation": conversation,
        "commitment": commitment,
    }


OBJECT_OF_URL = {
    "api:token": "api_token",
    "api:token_revoke": "api_token",
    "sroi:rule_set": "sroi_table",
    "sroi:rule_set_edit": "sroi_table",
    "sroi:rule_set_copy": "sroi_table",
    "sroi:block_new": "sroi_table",
    "sroi:obligation": "obligation",
    "sroi:obligation_edit": "obligation",
    "sroi:realisation_new": "obligation",
    "sroi:contractor_invite": "obligation",
    "sroi:import_mapping": "sroi_import",
    "sroi:import_review": "sroi_import",
    "sroi:import_commit": "sroi_import",
    "sroi:import_cancel": "sroi_import",
    "portal:job": "job",
    "portal:job_status": "job",
    "portal:job_download": "job",
    "portal:job_retry": "job",
    "accounts:member_role": "membership",
    "accounts:member_remove": "membership",
    "accounts:member_deactivate": "membership",
    "accounts:member_reactivate": "membership",
    "signin:reset_member": "membership",
    "accounts:invitation_revoke": "invitation",
    "registry:company": "company",
    "registry:company_edit": "company",
    "registry:qualification_create": "company",
    "registry:qualification_edit": "qualification",
    "registry:evidence": "qualification",
    "registry:import_mapping": "register_import",
    "registry:import_review": "register_import",
    "registry:import_commit": "register_import",
    "registry:import_cancel": "register_import",
    "spend:import": "ledger_import",
    "spend:import_commit": "ledger_import",
    "spend:import_cancel": "ledger_import",
    "spend:import_rate": "ledger_import",
    "spend:import_delete": "ledger_import",
    "spend:match_decide": "supplier_match",
    "spend:baseline_frozen": "baseline",
    "spend:baseline_frozen_pdf": "baseline",
    "spend:baseline_official": "baseline",
    "catalogue:offer": "offer",
    "catalogue:quote_request": "offer",
    "catalogue:request": "quote",
    "plans:theme_edit": "theme",
    "plans:theme_choose": "theme",
    "plans:matrix_row": "spend_category",
    "plans:session": "session",
    "plans:session_edit": "session",
    "plans:session_pdf": "session",
    "plans:goal": "goal",
    "plans:goal_edit": "goal",
    "plans:action_edit": "action",
    "plans:action_delete": "action",
    "plans:team_edit": "team_member",
    "plans:team_delete": "team_member",
    "plans:document_edit": "document",
    "plans:passage_new": "document",
    "plans:goal_delete": "goal",
    "plans:session_delete": "session",
    "plans:document_delete": "document",
    "contracts:contract": "contract",
    "contracts:contract_edit": "contract",
    "contracts:extension": "contract",
    "contracts:contract_tender": "contract",
    "contracts:tender": "tender",
    "contracts:tender_edit": "tender",
    "contracts:tender_status": "tender",
    "contracts:tender_award": "tender",
    "contracts:import_mapping": "contract_import",
    "contracts:import_review": "contract_import",
    "contracts:import_commit": "contract_import",
    "contracts:import_cancel": "contract_import",
    "tenderboard:tender": "review_tender",
    "tenderboard:submit": "review_tender",
    "tenderboard:advise": "submission",
    "conversations:conversation": "conversation",
    "conversations:commitment_new": "conversation",
    "conversations:commitment_status": "commitment",
    "conversations:commitment_action": "commitment",
    "conversations:commitment_measure": "commitment",
    "peers:knowledge_edit": "knowledge",
    "peers:knowledge_remove": "knowledge",
    "peers:knowledge_document": "knowledge",
    # An unpublished story: the case library shows it to no one, inside or outside.
    "peers:case": "story",
}

SLUG_OF_URL = {
    "catalogue:category": "own_category",
    "catalogue:shortlist": "own_category",
    "catalogue:own_category_delete": "own_category",
    "catalogue:enterprise": "enterprise",
}


def url_kwargs(name: str, victim: dict) -> dict:
    """The extra arguments of each organisation URL, pointing at the victim's objects."""
    if name == "portal:step":
        return {"step_slug": "inventory"}
    if name == "spend:baseline_export":
        return {"table": "departments"}
    if name == "plans:evidence":
        return {"pk": victim["goal"].pk, "entry": victim["entry"].pk}
    if name in ("plans:passage_edit", "plans:passage_delete"):
        return {"pk": victim["document"].pk, "passage": victim["passage"].pk}
    if name.startswith("reports:evaluation"):
        kwargs = {"year": EVALUATED_YEAR}
        if name == "reports:evaluation_goal":
            kwargs["pk"] = victim["goal_evaluation"].pk
        return kwargs
    if name == "plans:checklist_step":
        return {"plan": "dnz", "number": 2}
    if name == "sroi:block_edit":
        return {"pk": victim["sroi_table"].pk, "block": victim["sroi_block"].pk}
    if name == "sroi:obligation_new":
        return {"contract": victim["sroi_contract"].pk}
    if name == "sroi:monitoring_export":
        return {"fmt": "csv"}
    if name == "sroi:contractor_withdraw":
        return {"pk": victim["obligation"].pk, "access": victim["contractor_access"].pk}
    if name == "sroi:contractor_invitation_withdraw":
        return {"pk": victim["obligation"].pk, "invitation": victim["contractor_invitation"].pk}
    if name in REVIEW_URLS:
        kwargs = {"pk": victim["obligation"].pk, "realisation": victim["realisation"].pk}
        if name == "sroi:realisation_evidence":
            kwargs["evidence"] = victim["sroi_evidence"].pk
        return kwargs
    if name in REPORT_URLS:
        return {"year": victim["edition"].year}
    if name in EDITION_URLS:
        return {"year": victim["edition"].year, "number": victim["edition"].number}
    if name in STORY_URLS:
        return {"pk": victim["story"].pk}
    if name in STORY_PART_URLS:
        part = STORY_PART_URLS[name]
        return {"pk": victim["story"].pk, part: victim[f"story_{part}"].pk}
    if name in OBJECT_OF_URL:
        return {"pk": victim[OBJECT_OF_URL[name]].pk}
    if name in SLUG_OF_URL:
        return {"slug": victim[SLUG_OF_URL[name]].slug}
    return {}


# The impact report of a year and its editions (reports.views.report).
REPORT_URLS = {
    "reports:report",
    "reports:report_edit",
    "reports:report_publish",
    "reports:report_pdf",
    "reports:editions",
}
EDITION_URLS = {"reports:edition", "reports:edition_pdf"}

# Case stories and the public page's settings (reports.views.stories, reports.views.public);
# the public page itself (impact/<slug>/) is not an organisation page.
STORY_URLS = {
    "reports:story": "get",
    "reports:story_edit": "both",
    "reports:story_photos": "both",
    "reports:story_quotes": "both",
    "reports:story_submit": "post",
    "reports:story_approve": "post",
    "reports:story_send_back": "post",
    "reports:story_withdraw": "post",
}
STORY_PART_URLS = {
    "reports:story_photo": "photo",
    "reports:story_photo_remove": "photo",
    "reports:story_quote_remove": "quote",
}

# The officer's review of one realisation (sroi.review_views).
REVIEW_URLS = {
    "sroi:realisation_review": "get",
    "sroi:realisation_accept": "post",
    "sroi:realisation_reject": "post",
    "sroi:realisation_answer": "post",
    "sroi:realisation_split": "post",
    "sroi:realisation_evidence": "get",
}

# Pages with realisations (participant codes, evidence): only `sroi.realisations` reaches them.
REALISATION_URLS = {
    "sroi:realisation_new": "both",
    "sroi:import_mapping": "both",
    "sroi:import_review": "get",
    "sroi:import_commit": "post",
    "sroi:import_cancel": "post",
    **REVIEW_URLS,
}

KNOWN_ORGANISATION_URLS = {
    "api:tokens",
    "sroi:obligations",
    "sroi:monitoring",
    "sroi:monitoring_export",
    "sroi:rule_sets",
    "sroi:rule_sets_load",
    "sroi:block_edit",
    "sroi:obligation_new",
    "sroi:contractor_withdraw",
    "sroi:contractor_invitation_withdraw",
    "sroi:import_start",
    "sroi:review_queue",
    *REVIEW_URLS,
    "portal:home",
    "portal:step",
    "portal:audit",
    "portal:audit_export",
    "portal:jobs",
    "accounts:members",
    "accounts:settings",
    "accounts:house_style",
    "sso:settings",
    "registry:companies",
    "registry:company_create",
    "registry:policy",
    "registry:import_start",
    "spend:imports",
    "spend:suppliers",
    "spend:matches",
    "spend:match_start",
    "spend:match_list",
    "spend:match_reject",
    "spend:baseline",
    "spend:baseline_lines",
    "spend:baseline_lines_export",
    "spend:baseline_pdf",
    "spend:baseline_freeze",
    "spend:baseline_export",
    "catalogue:home",
    "catalogue:search_page",
    "catalogue:requests",
    "catalogue:purchases",
    "catalogue:shortlists",
    "plans:overview",
    "plans:themes",
    "plans:theme_new",
    "plans:matrix",
    "plans:sessions",
    "plans:session_new",
    "plans:session_compare",
    "plans:session_compare_pdf",
    "plans:goals",
    "plans:goal_new",
    "plans:evidence",
    "plans:actions",
    "plans:action_new",
    "plans:plan_pdf",
    "plans:checklists",
    "plans:checklist_step",
    "plans:team",
    "plans:team_new",
    "plans:documents",
    "plans:document_new",
    "plans:passage_edit",
    "plans:passage_delete",
    "contracts:contracts",
    "contracts:contract_new",
    "contracts:ocds_export",
    "contracts:import_start",
    "contracts:pipeline",
    "contracts:uncovered",
    "contracts:rules",
    "contracts:tender_new",
    "tenderboard:queue",
    "conversations:conversations",
    "conversations:priorities",
    "conversations:conversation_new",
    "conversations:commitments",
    "reports:evaluation",
    "reports:evaluation_start",
    "reports:evaluation_goal",
    "reports:evaluation_summary",
    "reports:evaluation_close",
    "reports:annual",
    *REPORT_URLS,
    *EDITION_URLS,
    "reports:stories",
    "reports:story_new",
    "reports:public_settings",
    "reports:public_preview",
    "peers:sharing",
    "peers:benchmark",
    "peers:benchmark_csv",
    "peers:cases",
    "peers:knowledge",
    "peers:knowledge_new",
    "peers:knowledge_starter",
    *STORY_URLS,
    *STORY_PART_URLS,
    *OBJECT_OF_URL,
    *SLUG_OF_URL,
}

# Objects that belong to one organisation, with the methods their view accepts. Companies are
# shared reference data, so they are not in this list.
ORGANISATION_OBJECT_URLS = {
    "reports:evaluation_goal": "post",
    "sroi:rule_set": "get",
    "sroi:rule_set_edit": "both",
    "sroi:rule_set_copy": "post",
    "sroi:block_new": "both",
    "sroi:block_edit": "both",
    "sroi:obligation_new": "both",
    "sroi:obligation": "get",
    "sroi:obligation_edit": "both",
    "sroi:contractor_invite": "post",
    "sroi:contractor_withdraw": "post",
    "sroi:contractor_invitation_withdraw": "post",
    # The realisation pages (entry, import, review) are the SROI officers' only, so an
    # administrator of another organisation is refused (403) before any object is looked up:
    # REALISATION_URLS below, walked by an SROI officer of another organisation.
    "api:token": "get",
    "api:token_revoke": "post",
    "portal:job": "get",
    "portal:job_status": "get",
    "portal:job_download": "get",
    "portal:job_retry": "post",
    "accounts:member_role": "post",
    "accounts:member_remove": "post",
    "accounts:member_deactivate": "post",
    "accounts:member_reactivate": "post",
    "signin:reset_member": "post",
    "accounts:invitation_revoke": "post",
    "registry:qualification_edit": "both",
    "registry:evidence": "get",
    "registry:import_mapping": "both",
    "registry:import_review": "get",
    "registry:import_commit": "post",
    "registry:import_cancel": "post",
    "spend:import": "both",
    "spend:import_commit": "post",
    "spend:import_cancel": "post",
    "spend:import_rate": "post",
    "spend:import_delete": "post",
    "spend:match_decide": "post",
    "spend:baseline_frozen": "get",
    "spend:baseline_frozen_pdf": "get",
    "spend:baseline_official": "post",
    "catalogue:request": "both",
    "catalogue:category": "get",
    "catalogue:shortlist": "both",
    "catalogue:own_category_delete": "post",
    "plans:theme_edit": "both",
    "plans:theme_choose": "post",
    "plans:matrix_row": "both",
    "plans:session": "get",
    "plans:session_edit": "both",
    "plans:session_pdf": "get",
    "plans:goal": "both",
    "plans:goal_edit": "both",
    "plans:evidence": "get",
    "plans:action_edit": "both",
    "plans:action_delete": "post",
    "plans:team_edit": "both",
    "plans:team_delete": "post",
    "plans:document_edit": "both",
    "plans:passage_new": "both",
    "plans:passage_edit": "both",
    "plans:passage_delete": "post",
    "plans:goal_delete": "post",
    "plans:session_delete": "post",
    "plans:document_delete": "post",
    "contracts:contract": "get",
    "contracts:contract_edit": "both",
    "contracts:extension": "post",
    "contracts:contract_tender": "post",
    "contracts:tender": "both",
    "contracts:tender_edit": "both",
    "contracts:tender_status": "post",
    "contracts:tender_award": "both",
    "contracts:import_mapping": "both",
    "contracts:import_review": "get",
    "contracts:import_commit": "post",
    "contracts:import_cancel": "post",
    # tenderboard:advise is left out: only the tenderboard role advises, so an administrator of
    # another organisation is refused (403) before any object is looked up; see
    # test_a_tenderboard_member_of_another_organisation_gets_404 below.
    "tenderboard:tender": "get",
    "tenderboard:submit": "post",
    "conversations:conversation": "get",
    "conversations:commitment_new": "post",
    "conversations:commitment_status": "post",
    "conversations:commitment_action": "post",
    "conversations:commitment_measure": "both",
    "reports:edition": "get",
    "reports:edition_pdf": "get",
    **STORY_URLS,
    "reports:story_photo": "get",
    "reports:story_photo_remove": "post",
    "reports:story_quote_remove": "post",
    "peers:knowledge_edit": "both",
    "peers:knowledge_remove": "post",
    "peers:knowledge_document": "get",
}


def test_every_organisation_url_is_covered_by_these_tests():
    # A new organisation page must be added here (and to OBJECT_OF_URL) to be tested.
    assert organisation_url_names() == KNOWN_ORGANISATION_URLS


def state_of_everything() -> dict:
    return {
        "organisations": list(Organisation.objects.values_list("slug", "name", "kvk_number")),
        "house_styles": list(
            AccountTheme.objects.values_list("pk", "primary_colour", "version", "logo_name")
        ),
        "memberships": list(
            Membership.objects.values_list(
                "pk", "role", "deactivated_at", "user__is_active"
            ).order_by("pk")
        ),
        "invitations": list(
            Invitation.objects.values_list("pk", "revoked_at", "accepted_at").order_by("pk")
        ),
        "audit": AuditEntry.objects.count(),
        "jobs": Job.objects.count(),
        "companies": list(Company.objects.values_list("pk", "name", "kvk_number").order_by("pk")),
        "qualifications": list(
            Qualification.objects.values_list("pk", "valid_until", "evidence_url").order_by("pk")
        ),
        "imports": list(RegisterImport.objects.values_list("pk", "state", "mapping")),
        "policies": list(RegisterPolicy.objects.values_list("organisation_id", "accepted")),
        "files": StoredFile.objects.count(),
        "ledger_imports": list(LedgerImport.objects.values_list("pk", "state", "mapping")),
        "matches": list(SupplierMatch.objects.values_list("pk", "state")),
        "links": list(Supplier.objects.values_list("pk", "company_id")),
        "baselines": list(Baseline.objects.values_list("pk", "is_official", "name")),
        "quotes": list(QuoteRequest.objects.values_list("pk", "status").order_by("pk")),
        "purchases": list(Purchase.objects.values_list("pk", "amount").order_by("pk")),
        "categories": list(Category.objects.values_list("pk", "slug").order_by("pk")),
        "shortlists": list(ShortlistEntry.objects.values_list("pk").order_by("pk")),
        "api_tokens": list(ApiToken.objects.values_list("pk", "revoked_at", "name").order_by("pk")),
        **plan_state(),
        **contract_state(),
        **sroi_state(),
        **review_and_conversation_state(),
        **evaluation_state(),
        **report_state(),
        **story_state(),
        **peer_state(),
    }


def evaluation_state() -> dict:
    from impactinkoop.reports.models import Evaluation, GoalEvaluation

    return {
        "evaluations": list(
            Evaluation.objects.values_list("pk", "year", "summary", "closed_at", "data_version")
        ),
        "goal_evaluations": list(
            GoalEvaluation.objects.values_list(
                "pk", "outcome", "helped", "follow_up", "measured_value", "follow_up_action_id"
            ).order_by("pk")
        ),
    }


def sroi_state() -> dict:
    from impactinkoop.sroi import models as sroi

    return {
        "sroi_tables": list(sroi.RuleSet.objects.values_list("pk", "key", "name").order_by("pk")),
        "sroi_blocks": list(sroi.Block.objects.values_list("pk", "value").order_by("pk")),
        "obligations": list(sroi.Obligation.objects.values_list("pk", "amount", "percentage")),
        "realisations": list(
            sroi.Realisation.objects.values_list("pk", "status", "split").order_by("pk")
        ),
        "realisation_events": sroi.RealisationEvent.objects.count(),
        "evidence": list(sroi.Evidence.objects.values_list("pk", "file_id").order_by("pk")),
        "contractor_accesses": list(ContractorAccess.objects.values_list("pk").order_by("pk")),
    }


def review_and_conversation_state() -> dict:
    from impactinkoop.conversations.models import Commitment, Conversation
    from impactinkoop.tenderboard.models import Submission, ThemeAdvice

    return {
        "submissions": list(Submission.objects.values_list("pk", "verdict", "number")),
        "advice": ThemeAdvice.objects.count(),
        "conversations": list(Conversation.objects.values_list("pk", "asked")),
        "commitments": list(
            Commitment.objects.values_list("pk", "status", "plan_action_id", "measurement_id")
        ),
    }


def contract_state() -> dict:
    from impactinkoop.contracts import models as contracts

    return {
        "contracts": list(
            contracts.Contract.objects.values_list(
                "pk", "title", "end_date", "extension_decided", "awarded_value"
            ).order_by("pk")
        ),
        "tenders": list(
            contracts.Tender.objects.values_list("pk", "title", "status", "estimated_value")
        ),
        "tender_themes": list(
            contracts.TenderTheme.objects.values_list("pk", "decision").order_by("pk")
        ),
        "rule_versions": list(contracts.RuleVersion.objects.values_list("pk", "mvoi_threshold")),
        "contract_imports": list(
            contracts.ContractImport.objects.values_list("pk", "state", "mapping")
        ),
    }


def plan_state() -> dict:
    from impactinkoop.plans import models as plan

    return {
        "themes": list(plan.Theme.objects.values_list("pk", "name", "sdgs").order_by("pk")),
        "theme_choices": list(plan.ThemeChoice.objects.values_list("pk", "reason")),
        "sessions": list(plan.AmbitionSession.objects.values_list("pk", "title", "held_on")),
        "scores": list(plan.AmbitionScore.objects.values_list("pk", "level").order_by("pk")),
        "exceptions": list(plan.CategoryThemeException.objects.values_list("pk", "reason")),
        "goals": list(plan.Goal.objects.values_list("pk", "title", "target_value", "deadline")),
        "entries": list(plan.ProgressEntry.objects.values_list("pk", "value").order_by("pk")),
        "actions": list(plan.Action.objects.values_list("pk", "title", "status", "due")),
        "team": list(plan.TeamMember.objects.values_list("pk", "name", "part")),
        "documents": list(plan.PolicyDocument.objects.values_list("pk", "title")),
        "passages": list(plan.KeyPassage.objects.values_list("pk", "text")),
        "steps": list(plan.StepCheck.objects.values_list("pk", "plan", "number")),
    }


POST_DATA = {
    "role": Role.ADMIN,
    "primary_colour": "#000000",
    "email": "mallory@example.org",
    "name": "Overgenomen",
    "kind": "gemeente",
    "action": "members",
    "kvk_number": "87654321",
    "reason": "overname",
    "valid_until": "2025-02-01",
    "change_reason": "overname",
    "accepted": ["badge:"],
    "source": "own_judgement",
    "valid_from": "2025-01-01",
    "map_name": "naam",
    "title": "Overgenomen",
    "held_on": "2026-01-01",
    "subject": "organisation",
    "deadline": "2027-12-31",
    "due": "2026-12-31",
    "status": "done",
    "function": "overnemer",
    "part": "sponsor",
    "text": "Overgenomen",
    "done": "1",
    "measured_on": "2026-01-01",
    "value": "9",
    "evidence": "overname",
    "summary": "Overgenomen",
    "confirm": "on",
}


@pytest.mark.parametrize("name", sorted(KNOWN_ORGANISATION_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_and_changes_nothing(name, method, org, victim, charlie, client_for):
    client = client_for(charlie)
    url = reverse(name, kwargs={"org_slug": org.slug, **url_kwargs(name, victim)})
    before = state_of_everything()

    response = getattr(client, method)(url, POST_DATA)

    assert response.status_code == 404
    assert state_of_everything() == before


@pytest.mark.parametrize("name", sorted(ORGANISATION_OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_cannot_reach_objects_through_own_organisation(
    name, method, other_org, victim, charlie, client_for
):
    # Charlie is admin of his own organisation but asks for Voorbeeldstad's objects by id.
    client = client_for(charlie)
    url = reverse(name, kwargs={"org_slug": other_org.slug, **url_kwargs(name, victim)})
    before = state_of_everything()

    response = getattr(client, method)(url, POST_DATA)

    method_allowed = ORGANISATION_OBJECT_URLS[name] in ("both", method)
    assert response.status_code == (404 if method_allowed else 405)
    assert state_of_everything() == before


def test_another_organisations_own_qualification_is_invisible(
    other_org, victim, charlie, client_for
):
    page = client_for(charlie).get(
        reverse("registry:company", args=[other_org.slug, victim["company"].pk])
    )
    assert page.status_code == 200
    assert "eigen oordeel" not in page.content.decode()
    assert "Geen kwalificaties bekend" in page.content.decode()


@pytest.mark.parametrize("name", sorted(KNOWN_ORGANISATION_URLS))
def test_unknown_organisation_is_404(name, victim, alice, client_for):
    client = client_for(alice)
    url = reverse(name, kwargs={"org_slug": "bestaat-niet", **url_kwargs(name, victim)})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", sorted(KNOWN_ORGANISATION_URLS))
def test_anonymous_visitor_is_sent_to_login(name, org, victim, client):
    url = reverse(name, kwargs={"org_slug": org.slug, **url_kwargs(name, victim)})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_tenderboard_member_of_another_organisation_gets_404(other_org, victim, client_for):
    member = make_member(other_org, "tina@anderdorp.example", Role.TENDERBOARD)
    client = client_for(member)
    before = state_of_everything()
    for slug in (other_org.slug, "voorbeeldstad"):
        url = reverse(
            "tenderboard:advise", kwargs={"org_slug": slug, "pk": victim["submission"].pk}
        )
        assert client.get(url).status_code == 404
        assert client.post(url, {"verdict": "approved"}).status_code == 404
    assert state_of_everything() == before


@pytest.mark.parametrize("name", sorted(REALISATION_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_sroi_officer_of_another_organisation_gets_404(
    name, method, other_org, victim, client_for
):
    officer = make_member(other_org, "olga@anderdorp.example", Role.SROI_OFFICER)
    client = client_for(officer)
    before = state_of_everything()
    for slug in (other_org.slug, "voorbeeldstad"):
        url = reverse(name, kwargs={"org_slug": slug, **url_kwargs(name, victim)})
        response = getattr(client, method)(url, POST_DATA)
        method_allowed = REALISATION_URLS[name] in ("both", method)
        assert response.status_code == (404 if method_allowed or slug != other_org.slug else 405)
    assert state_of_everything() == before
