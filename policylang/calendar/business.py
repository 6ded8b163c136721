"""`BusinessCalendar`: business-time arithmetic over lazily built `YearPlan`s.

Every operation is epoch seconds in, epoch seconds out (the ``*_epoch`` methods, which allocate
no datetime); the datetime methods are thin checked wrappers. Semantics are stated in
docs/calendars.md; the short version sits on each method.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from typing import NoReturn
from zoneinfo import ZoneInfo

from policylang.calendar.model import CalendarSpec, Interval
from policylang.calendar.resolve import DayException, DayResolver, ResolvedCalendar, resolve_layers
from policylang.calendar.timeconv import to_count, to_epoch, to_seconds
from policylang.calendar.yearplan import YearPlan, build_year
from policylang.calendar.zones import (
    DAY_SECONDS,
    EPOCH_ORDINAL,
    WallClock,
    load_zone,
    wall_to_epoch,
)
from policylang.errors import CalendarError

__all__ = ["FIRST_YEAR", "LAST_YEAR", "MAX_SEARCH_YEARS", "BusinessCalendar"]

FIRST_YEAR = 1970
"""First local year any calendar supports."""
LAST_YEAR = 2200
"""Last local year any calendar supports; holiday sources can narrow the range further."""
MAX_SEARCH_YEARS = 50
"""A search (next opening or closing, adding business time or days) that would need to look
further than this many local years from where it started raises `CalendarError`."""


class BusinessCalendar:
    """A compiled business calendar; build one with `BusinessCalendar.from_spec`.

    Instances are immutable as far as callers can tell (year plans are cached on first use) and
    safe to share between threads.
    """

    __slots__ = (
        "_clock",
        "_count",
        "_limit",
        "_plans",
        "_resolver",
        "_year_starts",
        "first_year",
        "last_year",
        "spec",
        "zone",
    )

    def __init__(
        self,
        spec: CalendarSpec,
        *,
        zone: ZoneInfo,
        resolver: DayResolver,
        first_year: int,
        last_year: int,
        limit: str,
    ) -> None:
        """Use `from_spec`; this constructor trusts its arguments."""
        self.spec = spec
        self.zone = zone
        self.first_year = first_year
        """First local year inside the horizon."""
        self.last_year = last_year
        """Last local year inside the horizon."""
        self._resolver = resolver
        self._limit = limit
        self._count = last_year - first_year + 1
        self._clock = WallClock(zone)
        self._year_starts = [
            wall_to_epoch(zone, (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY_SECONDS)
            for year in range(first_year, last_year + 2)
        ]
        self._plans: list[YearPlan | None] = [None] * self._count

    @classmethod
    def from_spec(cls, spec: CalendarSpec) -> BusinessCalendar:
        """Compile ``spec``; raises `CalendarError` for an unknown zone, an unknown holiday
        country or subdivision, or a calendar with no open time at all."""
        zone = load_zone(spec.zone)
        resolver = DayResolver(spec)
        if not resolver.may_open:
            raise CalendarError(
                f"calendar {spec.name!r} has no open time: give it weekly hours, '24/7' "
                "or at least one open date"
            )
        first, last, limit = FIRST_YEAR, LAST_YEAR, "the supported range"
        for table in resolver.tables:
            if table.start_year > first:
                first = table.start_year
                limit = f"python-holidays data for {table.source}"
            if table.end_year < last:
                last = table.end_year
                limit = f"python-holidays data for {table.source}"
        if first > last:
            raise CalendarError(f"calendar {spec.name!r}: its holiday sources share no year")
        return cls(
            spec, zone=zone, resolver=resolver, first_year=first, last_year=last, limit=limit
        )

    @property
    def name(self) -> str:
        """The calendar's name from its spec."""
        return self.spec.name

    @property
    def resolved(self) -> ResolvedCalendar:
        """The calendar's effective definition: its layers merged as it counts with them."""
        return resolve_layers(self.spec)

    @property
    def horizon_limit(self) -> str:
        """What sets the horizon ``first_year..last_year``: ``the supported range``, or the
        holiday source whose published data is narrower."""
        return self._limit

    def __repr__(self) -> str:
        return f"BusinessCalendar({self.spec.name!r}, zone={self.zone.key!r})"

    # -- epoch API: the evaluator's hot path -----------------------------------------------

    def is_open_epoch(self, ts: int) -> bool:
        """Whether epoch second ``ts`` is business time (intervals are half-open)."""
        return self._locate(ts)[1].is_open(ts)

    def next_open_epoch(self, ts: int) -> int:
        """``ts`` if open, else the next opening instant."""
        i, plan = self._locate(ts)
        return self._next_open(i, plan, ts)

    def start_and_due_epoch(
        self, ts: int, seconds: int = 0, business_days: int = 0
    ) -> tuple[int, int]:
        """When a business clock from ``ts`` starts and falls due, with one lookup: the pair
        (`next_open_epoch`, `add_epoch` of ``seconds``) or, when ``business_days`` is given,
        (`next_open_epoch`, `add_business_days_epoch`). The evaluator's hot path."""
        i, plan = self._locate(ts)
        start = self._next_open(i, plan, ts)
        if business_days:
            return start, self._add_business_days(i, plan, ts, business_days)
        return start, self._add(i, plan, ts, seconds)

    def _next_open(self, i: int, plan: YearPlan, ts: int) -> int:
        k = bisect_right(plan.starts, ts) - 1
        if k >= 0 and ts < plan.ends[k]:
            return ts
        k += 1
        j = i
        while k >= len(plan.starts):
            j += 1
            plan = self._step(j, i, ts, "no opening")
            k = 0
        return plan.starts[k]

    def next_close_epoch(self, ts: int) -> int:
        """The end of the open stretch that contains ``ts`` or, if closed, the next one."""
        start = self.next_open_epoch(ts)
        i, plan = self._locate(start)
        end = plan.run_end(bisect_right(plan.starts, start) - 1)
        j = i
        while end == plan.ends[-1]:
            j += 1
            following = self._step(j, i, ts, "no closing")
            if not following.starts or following.starts[0] != end:
                break
            plan = following
            end = plan.run_end(0)
        return end

    def add_epoch(self, ts: int, seconds: int) -> int:
        """Add business ``seconds`` to ``ts``.

        Positive: the earliest instant ``u >= ts`` with ``between(ts, u) == seconds``, so the
        clock starts at the next opening and a deadline that lands on a closing is that
        closing. Negative: the latest ``u <= ts`` with ``between(u, ts) == -seconds``. Zero:
        ``ts`` unchanged, open or not.
        """
        i, plan = self._locate(ts)
        return self._add(i, plan, ts, seconds)

    def _add(self, i: int, plan: YearPlan, ts: int, seconds: int) -> int:
        if seconds == 0:
            return ts
        target = plan.position(ts) + seconds
        j = i
        if seconds > 0:
            while target > plan.total:
                target -= plan.total
                j += 1
                plan = self._step(j, i, ts, "not enough business time")
            return plan.earliest(target)
        while target < 0:
            j -= 1
            plan = self._step(j, i, ts, "not enough business time")
            target += plan.total
        return plan.latest(target)

    def between_epoch(self, a: int, b: int) -> int:
        """Business seconds in ``[a, b)``; negative (``-between(b, a)``) when ``b < a``."""
        if b < a:
            return -self.between_epoch(b, a)
        i, plan_a = self._locate(a)
        j, plan_b = self._locate(b)
        if i == j:
            return plan_b.position(b) - plan_a.position(a)
        total = plan_a.total - plan_a.position(a) + plan_b.position(b)
        for k in range(i + 1, j):
            total += self._plan(k).total
        return total

    def add_business_days_epoch(self, ts: int, n: int) -> int:
        """Move ``n`` business days from ``ts`` (see docs/calendars.md, "Business days").

        A business day is a local date with open time. ``ts`` (moved to the next opening if
        closed) sits some business seconds ``e`` into its business day; the result is the
        earliest instant ``e`` business seconds into the ``n``-th following business day,
        clamped to that day's length; ``e == 0`` gives the closing of the ``(n-1)``-th day.
        Negative ``n`` mirrors this from the end of the day; zero returns ``ts``.
        """
        i, plan = self._locate(ts)
        return self._add_business_days(i, plan, ts, n)

    def _add_business_days(self, i: int, plan: YearPlan, ts: int, n: int) -> int:
        if n == 0:
            return ts
        x = plan.position(ts)
        j = i
        if n > 0:
            while x >= plan.total:  # past this year's last business day
                j += 1
                plan = self._step(j, i, ts, "no business day")
                x = 0
            day_cum = plan.day_cum
            k = bisect_right(day_cum, x) - 1
            elapsed = x - day_cum[k]
            index = k + n if elapsed else k + n - 1
            while index >= plan.days:
                index -= plan.days
                j += 1
                plan = self._step(j, i, ts, "no business day")
            day_cum = plan.day_cum
            if not elapsed:
                return plan.earliest(day_cum[index + 1])
            size = day_cum[index + 1] - day_cum[index]
            return plan.earliest(day_cum[index] + (elapsed if elapsed < size else size))
        while x <= 0:  # before this year's first business day
            j -= 1
            plan = self._step(j, i, ts, "no business day")
            x = plan.total
        day_cum = plan.day_cum
        k = bisect_left(day_cum, x) - 1
        remaining = day_cum[k + 1] - x
        index = k + n if remaining else k + n + 1
        while index < 0:
            j -= 1
            plan = self._step(j, i, ts, "no business day")
            index += plan.days
        day_cum = plan.day_cum
        if not remaining:
            return plan.latest(day_cum[index])
        size = day_cum[index + 1] - day_cum[index]
        return plan.latest(day_cum[index + 1] - (remaining if remaining < size else size))

    def add_calendar_epoch(self, ts: int, seconds: int = 0, days: int = 0) -> int:
        """Calendar (not business) arithmetic: ``days`` first, as the same local wall time
        that many days later (DST-aware; a time that does not exist that day becomes the
        instant the clock jumps past it, an ambiguous one its first occurrence), then
        ``seconds`` of elapsed time."""
        if days:
            try:
                local = datetime.fromtimestamp(ts, self.zone)
                day = local.toordinal() - EPOCH_ORDINAL + days
                clock = local.hour * 3600 + local.minute * 60 + local.second
                ts = wall_to_epoch(self.zone, day * DAY_SECONDS + clock)
            except (OverflowError, ValueError, OSError) as exc:
                raise CalendarError(
                    f"{days} calendar days from {self._iso(ts)} is out of range"
                ) from exc
        return ts + seconds

    def to_local(self, ts: int) -> datetime:
        """Epoch second ``ts`` as an aware datetime in the calendar's zone."""
        try:
            return datetime.fromtimestamp(ts, self.zone)
        except (OverflowError, ValueError, OSError) as exc:
            raise CalendarError(f"epoch second {ts} is out of datetime's range") from exc

    # -- datetime API ----------------------------------------------------------------------

    def is_open(self, t: datetime) -> bool:
        """Whether aware ``t`` is business time."""
        return self.is_open_epoch(to_epoch(t))

    def next_open(self, t: datetime) -> datetime:
        """``t`` (in the calendar's zone) if open, else the next opening."""
        return self.to_local(self.next_open_epoch(to_epoch(t)))

    def next_close(self, t: datetime) -> datetime:
        """End of the open stretch containing ``t``, or of the next one if ``t`` is closed."""
        return self.to_local(self.next_close_epoch(to_epoch(t)))

    def add(self, t: datetime, duration: int | timedelta) -> datetime:
        """``t`` plus business time (int seconds or a whole-second timedelta); see
        `add_epoch`."""
        return self.to_local(self.add_epoch(to_epoch(t), to_seconds(duration)))

    def subtract(self, t: datetime, duration: int | timedelta) -> datetime:
        """``t`` minus business time: ``add(t, -duration)``."""
        return self.to_local(self.add_epoch(to_epoch(t), -to_seconds(duration)))

    def add_business_days(self, t: datetime, n: int) -> datetime:
        """``t`` moved ``n`` business days; see `add_business_days_epoch`."""
        return self.to_local(
            self.add_business_days_epoch(to_epoch(t), to_count(n, "business days"))
        )

    def add_calendar(self, t: datetime, *, seconds: int | timedelta = 0, days: int = 0) -> datetime:
        """Calendar arithmetic; see `add_calendar_epoch`."""
        shifted = self.add_calendar_epoch(to_epoch(t), to_seconds(seconds), to_count(days, "days"))
        return self.to_local(shifted)

    def between(self, a: datetime, b: datetime) -> int:
        """Business seconds from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        return self.between_epoch(to_epoch(a, "start"), to_epoch(b, "end"))

    # -- documentation helpers -------------------------------------------------------------

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """The opening hours of local date ``day`` after holidays, overrides and layers."""
        self._check_years(day.year, day.year)
        return self._resolver.hours(day)

    def exceptions(self, year_from: int, year_to: int) -> list[DayException]:
        """Every date in the local years ``year_from..year_to`` whose hours are not the weekly
        ones (holidays, closed and open dates, working weekend days), sorted by date."""
        if year_from > year_to:
            raise CalendarError(f"exceptions: year range {year_from}..{year_to} is empty")
        self._check_years(year_from, year_to)
        found: list[DayException] = []
        day, one = date(year_from, 1, 1), timedelta(days=1)
        while day.year <= year_to:
            exception = self._resolver.exception(day)
            if exception is not None:
                found.append(exception)
            day += one
        return found

    # -- internals -------------------------------------------------------------------------

    def _check_years(self, first: int, last: int) -> None:
        for year in (first, last):
            if not self.first_year <= year <= self.last_year:
                raise CalendarError(
                    f"calendar {self.name!r}: year {year} is outside its horizon "
                    f"{self.first_year}..{self.last_year} ({self._limit})"
                )

    def _plan(self, index: int) -> YearPlan:
        plan = self._plans[index]
        if plan is None:
            # Two threads may build the same year at once; both results are equal.
            plan = build_year(
                self.first_year + index, self._clock, self._resolver, self._year_starts[index]
            )
            self._plans[index] = plan
        return plan

    def _locate(self, ts: int) -> tuple[int, YearPlan]:
        i = bisect_right(self._year_starts, ts) - 1
        if i < 0 or i >= self._count:
            self._outside(ts)
        plan = self._plans[i] or self._plan(i)
        if ts < plan.lo:
            # Inside the last overnight shift of the previous year, which that year owns.
            if i == 0:
                self._outside(ts)
            i -= 1
            plan = self._plans[i] or self._plan(i)
        return i, plan

    def _step(self, index: int, origin: int, ts: int, what: str) -> YearPlan:
        if abs(index - origin) > MAX_SEARCH_YEARS:
            raise CalendarError(
                f"calendar {self.name!r}: {what} within {MAX_SEARCH_YEARS} years of {self._iso(ts)}"
            )
        if not 0 <= index < self._count:
            raise CalendarError(
                f"calendar {self.name!r}: {what} from {self._iso(ts)} before the end of its "
                f"horizon {self.first_year}..{self.last_year} ({self._limit})"
            )
        return self._plans[index] or self._plan(index)

    def _outside(self, ts: int) -> NoReturn:
        raise CalendarError(
            f"calendar {self.name!r}: {self._iso(ts)} is outside its horizon, local years "
            f"{self.first_year}..{self.last_year} ({self._limit})"
        )

    def _iso(self, ts: int) -> str:
        try:
            return self.to_local(ts).isoformat()
        except (OverflowError, ValueError, OSError):
            return f"epoch second {ts}"
