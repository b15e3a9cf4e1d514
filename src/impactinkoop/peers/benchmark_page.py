"""What the benchmark page and its CSV show of one snapshot to one organisation, built once here
so both follow the same rules (decision 0025):

- a group is shown only when the snapshot published it (at least 5 organisations); otherwise
  it is "too small to show" and nothing else, not even how many share;
- per figure the range of the middle half, and the median only where the snapshot has one;
- the organisation's own value and position only when it is in the snapshot and still shares
  now (withdrawing hides them at once);
- another organisation's value only when it chose to be named and still shares now;
- per shown group, how many of its organisations count each register source."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from impactinkoop.accounts.models import Organisation
from impactinkoop.core.numbers import percent
from impactinkoop.registry.sources import Source

from .benchmark_sharing import sharing_of
from .models import BenchmarkEntry, BenchmarkGroup, Figure, Sharing, SizeBand

BELOW, MIDDLE, ABOVE = "below", "middle", "above"
POSITIONS = {
    BELOW: gettext_lazy("below the lowest quarter"),
    MIDDLE: gettext_lazy("in the middle half"),
    ABOVE: gettext_lazy("above the highest quarter"),
}


def shown(figure: str, value) -> str:
    """A figure's value in the reader's language: "23 %", or "4,5" purchases per 1,000."""
    if value is None:
        return "—"
    if figure == Figure.PURCHASES:
        return number_format(Decimal(value), decimal_pos=1)
    return percent(Decimal(value) / 100, 0)


def plain(figure: str, value):
    """A value for the CSV, language-neutral: a whole number for a percentage, one decimal
    for purchases per 1,000."""
    if value is None:
        return None
    if figure == Figure.PURCHASES:
        return Decimal(value).quantize(Decimal("0.1"))
    return int(value)


def position_of(value, statistic) -> str:
    if value is None or statistic is None:
        return ""
    if value < statistic.low:
        return BELOW
    if value > statistic.high:
        return ABOVE
    return MIDDLE


@dataclass(frozen=True)
class FigureRow:
    figure: str
    statistic: object | None  # BenchmarkStatistic; None: too few values to show
    own: object = None  # None: no value, or not to be shown
    position: str = ""

    @property
    def label(self) -> str:
        return Figure(self.figure).label

    @property
    def low(self) -> str:
        return shown(self.figure, self.statistic.low) if self.statistic else ""

    @property
    def high(self) -> str:
        return shown(self.figure, self.statistic.high) if self.statistic else ""

    @property
    def median(self) -> str:
        statistic = self.statistic
        return shown(self.figure, statistic.median) if statistic and statistic.median else ""

    @property
    def own_shown(self) -> str:
        return shown(self.figure, self.own)

    @property
    def position_text(self) -> str:
        return str(POSITIONS[self.position]) if self.position else ""


@dataclass(frozen=True)
class Named:
    name: str
    values: tuple[tuple[str, str], ...]  # (figure, value as shown)
    raw: tuple[tuple[str, object], ...]  # (figure, value) for the CSV


@dataclass
class GroupView:
    kind: str
    band: str
    group: BenchmarkGroup | None
    rows: list[FigureRow] = field(default_factory=list)
    sources: list[tuple[str, str, int]] = field(default_factory=list)  # code, label, count
    named: list[Named] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return Organisation.Kind(self.kind).label

    @property
    def band_label(self) -> str:
        return SizeBand(self.band).label

    @property
    def shown(self) -> bool:
        return self.group is not None


@dataclass
class BenchmarkView:
    snapshot: object
    sharing: Sharing
    in_snapshot: bool  # the organisation has an entry in this snapshot
    own_group: GroupView | None
    other_groups: list[GroupView]

    @property
    def shares_now(self) -> bool:
        return self.sharing.shares_figures

    @property
    def own_visible(self) -> bool:
        return self.in_snapshot and self.shares_now


def _named_now(organisation_ids) -> set[int]:
    return set(
        Sharing.objects.filter(
            organisation_id__in=organisation_ids, shares_figures=True, named=True
        ).values_list("organisation_id", flat=True)
    )


def _group_view(snapshot, kind, band, group, own_entry, own_visible) -> GroupView:
    view = GroupView(kind, band, group)
    if group is None:
        return view
    statistics = {statistic.figure: statistic for statistic in group.statistics.all()}
    for figure in Figure.values:
        statistic = statistics.get(figure)
        own = getattr(own_entry, figure) if own_visible and own_entry is not None else None
        view.rows.append(FigureRow(figure, statistic, own, position_of(own, statistic)))
    view.sources = [
        (code, Source(code).label if code in Source.values else code, count)
        for code, count in sorted(group.sources.items(), key=lambda item: (-item[1], item[0]))
    ]
    candidates = list(
        BenchmarkEntry.objects.filter(snapshot=snapshot, kind=kind, size_band=band, named=True)
        .exclude(organisation_id=own_entry.organisation_id if own_entry else None)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    named_now = _named_now([entry.organisation_id for entry in candidates])
    for entry in candidates:
        if entry.organisation_id in named_now:
            raw = tuple((figure, getattr(entry, figure)) for figure in Figure.values)
            values = tuple((figure, shown(figure, value)) for figure, value in raw)
            view.named.append(Named(entry.organisation.name, values, raw))
    return view


def benchmark_view(organisation, snapshot) -> BenchmarkView:
    sharing = sharing_of(organisation)
    own_entry = BenchmarkEntry.objects.filter(snapshot=snapshot, organisation=organisation).first()
    own_visible = own_entry is not None and sharing.shares_figures
    if own_entry is not None:
        kind, band = own_entry.kind, own_entry.size_band
    else:
        kind, band = organisation.kind, sharing.size_band
    groups = {
        group.size_band: group
        for group in BenchmarkGroup.objects.filter(snapshot=snapshot, kind=kind).prefetch_related(
            "statistics"
        )
    }
    own_group = None
    if band:
        own_group = _group_view(snapshot, kind, band, groups.get(band), own_entry, own_visible)
    others = [
        _group_view(snapshot, kind, other, groups.get(other), None, False)
        for other in SizeBand.values
        if other != band
    ]
    return BenchmarkView(snapshot, sharing, own_entry is not None, own_group, others)


CSV_HEADER = [
    "year",
    "kind",
    "size_band",
    "row",
    "figure_or_source",
    "organisation",
    "organisations",
    "low",
    "median",
    "high",
    "value",
    "position",
]


def csv_rows(view: BenchmarkView) -> list[list]:
    """What the page shows, one value per row, under `CSV_HEADER`; rows are "too_small",
    "range", "ours", "named" and "source"."""
    year = view.snapshot.year
    groups = [view.own_group] if view.own_group else []
    rows = []
    for group in [*groups, *view.other_groups]:
        head = [year, group.kind, group.band]
        if not group.shown:
            rows.append([*head, "too_small", "", "", "", "", "", "", "", ""])
            continue
        for row in group.rows:
            statistic = row.statistic
            if statistic is not None:
                rows.append(
                    [
                        *head,
                        "range",
                        row.figure,
                        "",
                        statistic.count,
                        plain(row.figure, statistic.low),
                        plain(row.figure, statistic.median),
                        plain(row.figure, statistic.high),
                        "",
                        "",
                    ]
                )
            if row.own is not None:
                rows.append(
                    [
                        *head,
                        "ours",
                        row.figure,
                        "",
                        "",
                        "",
                        "",
                        "",
                        plain(row.figure, row.own),
                        row.position,
                    ]
                )
        for named in group.named:
            for figure, value in named.raw:
                if value is not None:
                    rows.append(
                        [
                            *head,
                            "named",
                            figure,
                            named.name,
                            "",
                            "",
                            "",
                            "",
                            plain(figure, value),
                            "",
                        ]
                    )
        for code, _label, count in group.sources:
            rows.append(
                [*head, "source", code, "", group.group.organisations, "", "", "", count, ""]
            )
    return rows
