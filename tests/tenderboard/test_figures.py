"""The tenderboard's figures against counts made by hand from the rounds created here."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.tenderboard.figures import tenderboard_figures
from impactinkoop.tenderboard.models import Submission
from impactinkoop.tenderboard.services import advise, submit
from tests.factories import make_member

from .helpers import decide_all, make_reviewable_tender

pytestmark = pytest.mark.django_db


def _at(submission, submitted, advised=None):
    tz = timezone.get_current_timezone()
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=datetime(*submitted, tzinfo=tz),
        advised_at=datetime(*advised, tzinfo=tz) if advised else None,
    )


def test_figures_match_the_rounds(org):
    buyer = make_member(org, "bea@voorbeeldstad.example", Role.BUYER)
    member = make_member(org, "tom@voorbeeldstad.example", Role.TENDERBOARD)
    # A: revise, then resubmitted at a higher ambition and approved: ambition rose.
    a = make_reviewable_tender(org, buyer, "A")
    a1 = submit(a, actor=buyer)
    advise(a1, actor=member, verdict="revise", summary="Hoger", advice={})
    decide_all(a, buyer, ambition=3)
    a2 = submit(a, actor=buyer)
    advise(a2, actor=member, verdict="approved", summary="", advice={})
    # B: approved with conditions in one round: reviewed, ambition did not rise.
    b = make_reviewable_tender(org, buyer, "B")
    b1 = submit(b, actor=buyer)
    advise(b1, actor=member, verdict="conditions", summary="Voorwaarde", advice={})
    # C: still waiting: not reviewed yet.
    c = make_reviewable_tender(org, buyer, "C")
    c1 = submit(c, actor=buyer)
    _at(a1, (2026, 1, 5, 9), (2026, 1, 9, 9))  # 4 days
    _at(a2, (2026, 2, 1, 9), (2026, 2, 3, 9))  # 2 days
    _at(b1, (2026, 4, 1, 9), (2026, 4, 4, 21))  # 3.5 days
    _at(c1, (2026, 4, 20, 9))

    figures = tenderboard_figures(org)

    assert figures.per_quarter == [("2026 Q1", 2), ("2026 Q2", 2)]
    # In the order approved, with conditions, revise.
    assert [count for _label, count in figures.verdicts] == [1, 1, 1]
    assert figures.waiting == 1
    assert figures.average_days_to_advice == Decimal("3.2")  # (4 + 2 + 3.5) / 3 = 3.17
    assert (figures.reviewed_tenders, figures.ambition_rose) == (2, 1)
    assert figures.ambition_rose_share == Decimal("0.5")


def test_no_rounds_no_figures(org):
    figures = tenderboard_figures(org)
    assert figures.per_quarter == []
    assert figures.average_days_to_advice is None
    assert figures.ambition_rose_share is None
