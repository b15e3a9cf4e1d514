"""What a realisation is worth under its obligation's edition, with the computation as text.

Rules (decision 0021):
- a block per year counts value x hours a week / the edition's hours basis x months / 12;
- months are those of the realisation inside the obligation's period: whole calendar months
  from the start, plus the rest as days / days of that month, capped at the block's maximum;
- a block per month counts value x months (the same months, capped); per employee hour value x
  hours; a percentage counts that share of the amount excluding VAT; "once" counts the value;
- bonuses stack on the job or learning block, each with the same hours and months (capped at
  the bonus's own maximum when it has one);
- everything is Decimal at full precision and rounded once, per figure, to the cent half up
  (ROUND_HALF_UP); a total is the sum of the rounded figures, so the page adds up.
A purchase at an unknown KvK number counts only once the officer accepts it."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import PERCENT_UNITS, Unit

CENT = Decimal("0.01")
TWELVE = Decimal("12")


def _add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> Decimal:
    """Months from `start` to `end` inclusive: 1 Jan to 31 Aug is 8; 1 Jan to 15 Feb is 1.5."""
    if end < start:
        return Decimal(0)
    after = end + timedelta(days=1)
    whole, cursor = 0, start
    while _add_month(cursor) <= after:
        whole += 1
        cursor = _add_month(cursor)
    rest = (after - cursor).days
    days = calendar.monthrange(cursor.year, cursor.month)[1]
    return (Decimal(whole) + Decimal(rest) / Decimal(days)).quantize(CENT, ROUND_HALF_UP)


def figure(value: Decimal, places: int | None = None) -> str:
    """A number in the reader's language: 17.777,78 (nl), 17,777.78 (en); whole numbers bare."""
    value = Decimal(value)
    if places is None:
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        value = value.quantize(Decimal(1).scaleb(-places))
    return number_format(value, decimal_pos=places, force_grouping=True)


@dataclass(frozen=True)
class Line:
    label: str
    amount: Decimal
    computation: str


@dataclass
class Valuation:
    lines: list[Line] = field(default_factory=list)
    counts: bool = True
    warning: str = ""
    # The participant's double count (`queries.double_counts`), when there is one.
    double: object = None

    @property
    def counted_out(self) -> bool:
        """Not counted because the participant already counts in another obligation."""
        return self.double is not None and not self.double.counts

    @property
    def total(self) -> Decimal:
        if not self.counts:
            return Decimal("0.00")
        return self.worth

    @property
    def worth(self) -> Decimal:
        """What it would count once accepted (a pending realisation's value in the balance)."""
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def _months_in(realisation, obligation) -> Decimal:
    start = max(realisation.start_date, obligation.start_date)
    end = min(realisation.end_date, obligation.end_date)
    return months_between(start, end)


def _line(block, realisation, rule_set, months: Decimal | None, cap_from=None) -> Line:
    unit = block.unit
    value = block.value
    cap = (
        block.max_months if block.max_months is not None else getattr(cap_from, "max_months", None)
    )
    if unit in (Unit.YEAR, Unit.MONTH):
        counted = months if cap is None else min(months, Decimal(cap))
        capped = _(" (at most %(months)s)") % {"months": cap} if counted < months else ""
        if unit == Unit.YEAR:
            hours = realisation.hours_per_week
            exact = value * hours / rule_set.hours_basis * counted / TWELVE
            text = _("%(value)s x %(hours)s/%(basis)s hours x %(months)s/12 months%(capped)s") % {
                "value": figure(value),
                "hours": figure(hours),
                "basis": figure(rule_set.hours_basis),
                "months": figure(counted),
                "capped": capped,
            }
        else:
            exact = value * counted
            text = _("%(value)s x %(months)s months%(capped)s") % {
                "value": figure(value),
                "months": figure(counted),
                "capped": capped,
            }
    elif unit == Unit.EMPLOYEE_HOUR:
        hours = realisation.hours or Decimal(0)
        exact = value * hours
        text = _("%(value)s x %(hours)s hours") % {"value": figure(value), "hours": figure(hours)}
    elif unit in PERCENT_UNITS:
        base = realisation.amount_excl_vat or Decimal(0)
        exact = base * value / Decimal(100)
        text = _("%(percent)s%% of %(amount)s") % {
            "percent": figure(value),
            "amount": figure(base, 2),
        }
    else:  # once
        exact = value
        text = _("%(value)s once") % {"value": figure(value)}
    amount = exact.quantize(CENT, ROUND_HALF_UP)
    return Line(block.name, amount, f"{text} = {figure(amount, 2)}")


def value_realisation(realisation, obligation=None, bonuses=None, double=None) -> Valuation:
    """The realisation's worth; `bonuses` may be passed to avoid a query per row. `double` is
    the realisation's entry in `queries.double_counts`: a participant already counted in another
    obligation in overlapping months counts 0 here unless the officer split it."""
    obligation = obligation or realisation.obligation
    rule_set = obligation.rule_set
    block = realisation.block
    months = None
    if realisation.start_date and realisation.end_date:
        months = _months_in(realisation, obligation)
    valuation = Valuation()
    valuation.lines.append(_line(block, realisation, rule_set, months))
    if bonuses is None:
        bonuses = list(realisation.bonuses.all()) if realisation.pk else []
    for bonus in bonuses:
        valuation.lines.append(_line(bonus, realisation, rule_set, months, cap_from=block))
    if realisation.status == "rejected":
        valuation.counts = False
        valuation.warning = _("Rejected by the officer: it does not count.")
    elif realisation.status != "accepted":
        valuation.counts = False
        valuation.warning = (
            _("Counts once the officer accepts it: the KvK number is unknown.")
            if not realisation.kvk_known
            else _("Counts once the officer accepts it.")
        )
    valuation.double = double
    if double is not None and not double.counts and realisation.status != "rejected":
        valuation.counts = False
        note = double.explanation
        valuation.warning = f"{valuation.warning} {note}" if valuation.warning else note
    return valuation
