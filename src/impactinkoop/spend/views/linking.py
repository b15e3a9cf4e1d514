"""Pages of linking suppliers to the register: the suppliers, the review queue of proposed links
(one at a time or as a list), decisions, bulk reject and a new matching run."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view, scoped
from impactinkoop.matching.engine import REVIEW_SCORE
from impactinkoop.registry.models import Company
from impactinkoop.registry.policy import social_enterprise_ids

from ..baseline.line_exports import period_params
from ..baseline.periods import default_period
from ..linking import review
from ..linking.links import decide
from ..linking.recheck import answer
from ..models import MonthlySpend, Supplier
from ..services import start_matching
from .base import id_or_zero


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def supplier_list(request):
    suppliers = scoped(request, Supplier)
    query = request.GET.get("q", "").strip()
    if query:
        suppliers = suppliers.filter(
            Q(name__icontains=query) | Q(kvk_number=query) | Q(ledger_number=query)
        )
    if request.GET.get("linked") == "yes":
        suppliers = suppliers.exclude(company=None)
    elif request.GET.get("linked") == "no":
        suppliers = suppliers.filter(company=None)
    # One grouped pass over the monthly summary (in euros: an import in another currency counts
    # once its exchange rate is entered, as in the baseline), then sort and page the ids here.
    totals = {
        row["supplier_id"]: (row["total"], row["count"])
        for row in MonthlySpend.objects.filter(organisation=request.organisation)
        .values("supplier_id")
        .annotate(total=Sum("amount_cents"), count=Sum("lines"))
        .order_by()
    }
    ids = sorted(
        suppliers.values_list("pk", "name"),
        key=lambda item: (-(totals.get(item[0], (0, 0))[0] or 0), item[1]),
    )
    page = Paginator(ids, 50).get_page(request.GET.get("page"))
    by_id = Supplier.objects.select_related("company").in_bulk([pk for pk, _name in page])
    # Only an accepted link counts: proposals in the review queue are not links.
    social = social_enterprise_ids(request.organisation, timezone.localdate())
    rows = []
    for pk, _name in page:
        supplier = by_id[pk]
        supplier.total, supplier.line_count = totals.get(pk, (0, 0))
        supplier.is_social = supplier.company_id in social
        rows.append(supplier)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "spend/supplier_list.html",
        {
            "page": page,
            "suppliers": rows,
            "query": params.urlencode(),
            "q": query,
            "linked": request.GET.get("linked", ""),
        },
    )


def _skip(value: str | None) -> int:
    """How many proposals to pass over: a plain count, anything else is 0."""
    return int(value) if value and value.isascii() and value.isdigit() else 0


@organisation_view(Permission.IMPORT_SPEND)
@require_GET
def match_queue(request):
    """One proposal at a time, largest spend first, with the keys to decide quickly."""
    entries = review.ordered(request.organisation)
    total = len(entries)
    # Past the end (a stale link, or a number too large for the database) shows the last one.
    skip = min(_skip(request.GET.get("skip")), max(total - 1, 0))
    shown = review.with_spend(entries[skip : skip + 1])
    proposal = shown[0] if shown else None
    alternatives = []
    same_company = 0
    if proposal is not None:
        # The current link of an item asked again has its own button; it is no "other" company.
        ids = [a[0] for a in proposal.alternatives if a[0] != proposal.supplier.company_id]
        companies = Company.objects.in_bulk(ids)
        alternatives = [(companies[a[0]], a[3]) for a in proposal.alternatives if a[0] in companies]
        same_company = sum(1 for entry in entries if entry.company_id == proposal.company_id)
    linked = scoped(request, Supplier).exclude(company=None).count()
    context = {
        "proposal": proposal,
        "total": total,
        "skip": skip,
        "alternatives": alternatives,
        "same_company": same_company,
        "linked": linked,
        "suppliers": scoped(request, Supplier).count(),
        "period_query": _default_period_query(request.organisation),
        "review_score": REVIEW_SCORE,
    }
    return render(request, "spend/match_queue.html", context)


def _default_period_query(organisation) -> str:
    """Where a proposal's spend links to: the supplier's lines in the dashboard's period."""
    return urlencode(period_params(default_period(organisation)))


MATCHES_PER_PAGE = 50


@organisation_view(Permission.IMPORT_SPEND)
@require_GET
def match_list(request):
    """Every open proposal as a list, largest spend first, filtered, with checkboxes to reject
    many at once and a button per company to reject all its proposals."""
    filters = review.parse_filters(request.organisation, request.GET)
    entries = review.ordered(request.organisation, filters)
    page = Paginator(entries, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number)),
        "proposals": review.with_spend(list(page.object_list)),
        "filters": filters,
        "companies": review.by_company(entries),
        "total_spend": Decimal(sum(entry.cents for entry in entries)).scaleb(-2),
        "asked_again": review.proposals(request.organisation).filter(recheck=True).count(),
        "query": params.urlencode(),
        "period_query": _default_period_query(request.organisation),
    }
    return render(request, "spend/match_list.html", context)


@organisation_view(Permission.IMPORT_SPEND)
@require_POST
def match_reject(request):
    """One decision for many proposals: the ticked ones, or all for one company. Ids of
    anything outside the organisation's open proposals are not found (404)."""
    company = None
    ids = None
    if request.POST.get("company"):
        company_id = id_or_zero(request.POST.get("company"))
        company = get_object_or_404(
            Company,
            pk=company_id,
            pk__in=review.proposals(request.organisation).values("company_id"),
        )
    else:
        # A page holds at most MATCHES_PER_PAGE boxes; more is no form of ours.
        ids = [id_or_zero(value) for value in request.POST.getlist("proposal")[:MATCHES_PER_PAGE]]
        ids = [pk for pk in ids if pk]
        if not ids:
            messages.error(request, _("Tick the proposals to reject first."))
            return redirect(_back_to_list(request))
    count = review.reject_many(
        actor=request.user, organisation=request.organisation, ids=ids, company=company
    )
    if not count:
        raise Http404(_("No such proposals."))
    messages.success(
        request,
        ngettext(
            "%(count)d proposal rejected; it will not be proposed again.",
            "%(count)d proposals rejected; they will not be proposed again.",
            count,
        )
        % {"count": count},
    )
    return redirect(_back_to_list(request))


def _back_to_list(request) -> str:
    """The list with the filters it was sent from (only the known ones, as a query)."""
    url = reverse("spend:match_list", args=[request.organisation.slug])
    keep = {
        key: request.POST.get(key, "")
        for key in ("q", "band", "min_spend", "filter_company", "again")
        if request.POST.get(key, "")
    }
    if "filter_company" in keep:
        keep["company"] = keep.pop("filter_company")
    return f"{url}?{urlencode(keep)}" if keep else url


@organisation_view(Permission.IMPORT_SPEND)
@require_POST
def match_decide(request, pk: int):
    """A decision on a proposal, or an answer to a link asked again (`recheck.answer`): the
    same keys, each item's page says what they do."""
    proposal = get_for_organisation(request, review.proposals(request.organisation), pk=pk)
    action = request.POST.get("action")
    skip = _skip(request.POST.get("skip"))
    company_id = None
    if action == "other":
        allowed = {a[0] for a in proposal.alternatives}
        try:
            company_id = int(request.POST.get("company", ""))
        except ValueError:
            company_id = None
        if company_id not in allowed:
            messages.error(request, _("Choose one of the listed companies."))
            return redirect(
                f"{reverse('spend:matches', args=[request.organisation.slug])}?skip={skip}"
            )
    if action not in ("accept", "reject", "other"):
        messages.error(request, _("Choose accept, reject or another company."))
    elif proposal.recheck:
        answer(actor=request.user, item=proposal, action=action, company_id=company_id)
    else:
        decide(
            actor=request.user, proposal=proposal, accept=action != "reject", company_id=company_id
        )
    url = reverse("spend:matches", args=[request.organisation.slug])
    return redirect(f"{url}?skip={skip}" if skip else url)


@organisation_view(Permission.IMPORT_SPEND)
@require_POST
def match_start(request):
    job = start_matching(actor=request.user, organisation=request.organisation)
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)
