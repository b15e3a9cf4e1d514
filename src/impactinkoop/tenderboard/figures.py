"""The tenderboard's figures: reviews per quarter, verdicts, average time to advice, and the
share of reviewed tenders whose MVI ambition rose after the advice (first submission against the
last, both from their snapshots)."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .models import Submission, Verdict


def quarter_of(day) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def ambition_score(themes: list[dict]) -> int:
    """What a snapshot asks of the market: the ambition level of every applied theme (an
    applied theme without a level counts as level 1)."""
    return sum(row["ambition"] or 1 for row in themes if row["decision"] == "applied")


@dataclass(frozen=True)
class TenderboardFigures:
    per_quarter: list[tuple[str, int]]  # submissions per quarter of submission, in order
    verdicts: list[tuple[str, int]]  # (label, count) for each verdict
    waiting: int
    average_days_to_advice: Decimal | None
    reviewed_tenders: int
    ambition_rose: int

    @property
    def ambition_rose_share(self) -> Decimal | None:
        if not self.reviewed_tenders:
            return None
        return Decimal(self.ambition_rose) / Decimal(self.reviewed_tenders)


def tenderboard_figures(organisation) -> TenderboardFigures:
    submissions = list(
        Submission.objects.for_organisation(organisation).order_by("tender_id", "number")
    )
    quarters = Counter(quarter_of(s.submitted_at.date()) for s in submissions)
    verdicts = Counter(s.verdict for s in submissions if s.verdict)
    durations = [
        Decimal((s.advised_at - s.submitted_at).total_seconds()) / Decimal(86400)
        for s in submissions
        if s.advised_at is not None
    ]
    average = (sum(durations) / len(durations)).quantize(Decimal("0.1")) if durations else None
    by_tender: dict[int, list[Submission]] = {}
    for submission in submissions:
        by_tender.setdefault(submission.tender_id, []).append(submission)
    reviewed = rose = 0
    for rounds in by_tender.values():
        if rounds[0].is_waiting:
            continue  # not advised yet: no "after advice"
        reviewed += 1
        if ambition_score(rounds[-1].themes) > ambition_score(rounds[0].themes):
            rose += 1
    return TenderboardFigures(
        per_quarter=sorted(quarters.items()),
        verdicts=[(label, verdicts.get(value, 0)) for value, label in Verdict.choices],
        waiting=sum(1 for s in submissions if s.is_waiting),
        average_days_to_advice=average,
        reviewed_tenders=reviewed,
        ambition_rose=rose,
    )
