"""Hypothesis strategies for calendar specs and instants, and the per-test profile."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import settings
from hypothesis import strategies as st

from policylang.calendar import CalendarLayer, CalendarSpec, HolidaySource, Interval

DAY = 86_400

# Zones with DST history, odd offsets and odd transition times: spring-forward and fall-back
# at midnight (Sao Paulo, Havana, Beirut), 30-minute DST (Lord Howe), 2-hour DST (Troll),
# DST suspended for Ramadan (Casablanca), +12:45 (Chatham), -03:30 (St John's), DST abolished
# (Mexico City 2022, Moscow 2011, Tehran 2022).
ZONES = (
    "America/Mexico_City",
    "Europe/Moscow",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Africa/Casablanca",
    "America/Sao_Paulo",
    "America/Havana",
    "Asia/Beirut",
    "Asia/Tehran",
    "Pacific/Chatham",
    "Antarctica/Troll",
    "America/St_Johns",
)

SOURCES = (
    HolidaySource("RU"),
    HolidaySource("VN"),
    HolidaySource("MX"),
    HolidaySource("US", "NY"),
    HolidaySource("DE", "BE"),
)

# Wall times where DST bites, next to arbitrary ones.
_SPECIAL_STARTS = (0, 30, 60, 90, 120, 150, 180, 210, 1380, 1410)
_SPECIAL_ENDS = (60, 90, 120, 150, 180, 210, 360, 1380, 1440)


THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def profile(*, oracle: bool = False) -> settings:
    """Settings for a calendar property: the oracle test takes the profile's full example
    count (100,000 when thorough), the others at most 2,000."""
    name = "thorough" if THOROUGH else "default"
    parent = settings.get_profile(f"calendar-{name}")
    if oracle:
        return settings(parent)
    return settings(parent, max_examples=min(parent.max_examples, 2_000))


@cache
def transitions(zone_key: str, year: int) -> tuple[int, ...]:
    """Epoch seconds at which ``zone_key`` changes its UTC offset during ``year``."""
    zone = ZoneInfo(zone_key)
    start = int(datetime(year, 1, 1, tzinfo=ZoneInfo("UTC")).timestamp())
    found = []

    def offset(ts: int) -> object:
        return datetime.fromtimestamp(ts, zone).utcoffset()

    for day in range(366):
        lo, hi = start + day * DAY, start + (day + 1) * DAY
        if offset(lo) != offset(hi):
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == offset(lo):
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
    return tuple(found)


@dataclass(frozen=True)
class Case:
    """A drawn calendar and an instant to ask it about."""

    spec: CalendarSpec
    ts: int

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.spec.zone)


def _minutes(low: int, special: tuple[int, ...]) -> st.SearchStrategy[int]:
    """Any minute in ``low..low+1439`` half the time, a DST-prone one the other half: one
    primitive draw, which keeps generation cheap."""
    return st.integers(0, 2 * 1440 - 1).map(
        lambda i: low + i if i < 1440 else special[i % len(special)]
    )


intervals = st.builds(Interval, _minutes(0, _SPECIAL_STARTS), _minutes(1, _SPECIAL_ENDS))
day_hours = st.lists(intervals, max_size=3).map(tuple)
some_hours = st.lists(intervals, min_size=1, max_size=3).map(tuple)


_around_transition = st.integers(-3 * DAY, 3 * DAY)
_in_year = st.integers(0, 365 * DAY)


@st.composite
def instants(draw: st.DrawFn, zone_key: str) -> int:
    """An epoch second in 1993-2030, often within days of a DST transition (from 1993 so
    that walking back stays inside the horizon of RU holidays, which start in 1991)."""
    year = draw(st.integers(1993, 2030))
    near = transitions(zone_key, year)
    if near and draw(st.booleans()):
        base = near[draw(st.integers(0, len(near) - 1))]
        return base + draw(_around_transition)
    start = int(datetime(year, 1, 1, tzinfo=ZoneInfo("UTC")).timestamp())
    return start + draw(_in_year)


_maybe_day_hours = st.one_of(st.none(), day_hours)
_patterns = st.lists(some_hours, min_size=1, max_size=3)
_sources = st.lists(st.sampled_from(SOURCES), max_size=2, unique=True)
_near = st.integers(-20, 20)  # days from the drawn instant
_closed = st.lists(_near, max_size=3, unique=True)
_opened = st.lists(st.tuples(_near, some_hours), max_size=3)
_shortenings = st.one_of(st.none(), st.sampled_from([0, 60, 90, 240, 1439]))


@st.composite
def _layer(draw: st.DrawFn, index: int, around: date) -> CalendarLayer:
    # Strategies are built once at module level: Hypothesis caches what it learns about them.
    always = index == 0 and draw(st.integers(0, 9)) == 0
    weekly = None
    if not always and (index == 0 or draw(st.booleans())):
        # A few day patterns shared by the weekdays: real weeks repeat, and it keeps the draw
        # small. The extra choices are "closed" and, above the lowest layer, "inherit".
        pool: list[tuple[Interval, ...] | None] = [*draw(_patterns), ()]
        if index:
            pool.append(None)
        weekly = tuple(pool[draw(st.integers(0, len(pool) - 1))] for _ in range(7))
    sources = tuple(draw(_sources))
    if draw(st.integers(0, 2)):
        sources = ()  # holidays in a third of the layers: they cost a python-holidays load
    workday_hours = draw(_maybe_day_hours) if sources else None
    # A pre-holiday shortening (Russian Labour Code art. 95) in some layers with holidays:
    # none, the legal hour, or odd amounts that eat a whole short interval.
    shortened = draw(_shortenings) if sources else None
    # Above the lowest layer, a layer like a customer's: its holidays only close days.
    close_only = bool(sources) and index > 0 and draw(st.booleans())
    closed = tuple((around + timedelta(days=k), "closed") for k in draw(_closed))
    closed_dates = {d for d, _ in closed}
    opened = tuple(
        (around + timedelta(days=k), hours, "open")
        for k, hours in draw(_opened)
        if around + timedelta(days=k) not in closed_dates
    )
    return CalendarLayer(
        f"layer{index}",
        weekly=weekly,
        always_open=always,
        holidays=sources,
        weekend_workday_hours=workday_hours,
        closed=closed,
        open=opened,
        preholiday_shortened=shortened,
        holidays_close_only=close_only,
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A random calendar (1-3 layers) with a weekly template that has some hours, and an
    instant in its zone."""
    zone_key = draw(st.sampled_from(ZONES))
    ts = draw(instants(zone_key))
    around = datetime.fromtimestamp(ts, ZoneInfo(zone_key)).date()
    count = draw(st.integers(1, 3))
    layers = tuple(draw(_layer(index, around)) for index in range(count))
    spec = CalendarSpec("drawn", zone_key, layers)
    return Case(spec, ts)


def weekly_open_minutes(spec: CalendarSpec) -> int:
    """Wall-clock minutes per week in the effective weekly template (read from the spec)."""
    total = 0
    for weekday in range(7):
        hours: tuple[Interval, ...] = ()
        for layer in reversed(spec.layers):
            if layer.always_open:
                hours = (Interval(0, 1440),)
                break
            if layer.weekly is not None and layer.weekly[weekday] is not None:
                hours = layer.weekly[weekday] or ()
                break
        total += sum(interval.minutes for interval in hours)
    return total
