"""Business-calendar benchmark: policylang.calendar against businesstimedelta.

Run as ``python bench/calendar.py`` (``--quick`` for a smoke run). Two calendars, both in
Europe/Moscow with python-holidays Russia:

* ``office``: Mon-Fri 08:30-17:30 (9 h a day);
* ``split``: Mon-Fri 08:00-12:00 + 13:30-16:30 (7 h a day), two WorkDayRules for
  businesstimedelta.

Each operation starts from the same set of instants spread over 2026 (in and out of hours,
weekdays and weekends), because businesstimedelta's cost depends on how far the next holiday is.
For each start we time many repeats with ``time.perf_counter_ns`` and keep the per-call time;
the figure printed is the median over starts. businesstimedelta has no "business days", so
"+N business days" is N times the day's length in business hours there (the same instant for a
start in hours on these uniform days). Every businesstimedelta call runs under a SIGALRM
timeout, so a hang is reported instead of stalling the run.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named calendar.py: drop its folder from the path so that `import calendar`
# (stdlib, used by holidays and friends) is not this script, and put the repo root there.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from datetime import time as clock  # noqa: E402
from functools import partial  # noqa: E402
from importlib.metadata import version  # noqa: E402
from types import FrameType  # noqa: E402
from typing import Any  # noqa: E402

import businesstimedelta as btd  # noqa: E402
import holidays  # noqa: E402
import pytz  # noqa: E402

from policylang.calendar import (  # noqa: E402
    BusinessCalendar,
    CalendarLayer,
    CalendarSpec,
    HolidaySource,
    Interval,
)

ZONE = "Europe/Moscow"
HOUR = 3600
DAY = 86_400


class Timeout(Exception):
    """A businesstimedelta call ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the enclosed pure-Python code after ``seconds`` (SIGALRM, main thread)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def per_call_ns(fn: Callable[[], object], repeats: int) -> float:
    """Nanoseconds per call of ``fn``: the median of 5 batches of ``repeats`` calls (one
    warm-up call first). Batching keeps the timer's own cost out of sub-microsecond calls."""
    fn()
    batches = []
    for _ in range(5 if repeats > 1 else 1):
        start = time.perf_counter_ns()
        for _ in range(repeats):
            fn()
        batches.append((time.perf_counter_ns() - start) / repeats)
    return statistics.median(batches)


def median_over(points: list[Any], call: Callable[[Any], object], repeats: int) -> float:
    """Median over start points of the per-call time of ``call(point)``."""
    return statistics.median(per_call_ns(partial(call, point), repeats) for point in points)


def ours(name: str, hours: tuple[Interval, ...]) -> BusinessCalendar:
    weekly = tuple([hours] * 5 + [(), ()])
    layer = CalendarLayer("ru", weekly=weekly, holidays=(HolidaySource("RU"),))
    return BusinessCalendar.from_spec(CalendarSpec(name, ZONE, (layer,)))


def theirs(shifts: list[tuple[clock, clock]], holiday_tz: Any) -> Any:
    tz = pytz.timezone(ZONE)
    rules: list[Any] = [
        btd.WorkDayRule(start_time=a, end_time=b, working_days=[0, 1, 2, 3, 4], tz=tz)
        for a, b in shifts
    ]
    rules.append(btd.HolidayRule(holidays.RU(), tz=holiday_tz))
    return btd.Rules(rules)


def starts(count: int) -> list[datetime]:
    """Deterministic instants over 2026 (Moscow has no DST since 2014: any hour exists)."""
    tz = pytz.timezone(ZONE)
    rng = random.Random(2026)
    first = datetime(2026, 1, 12)
    found = []
    for _ in range(count):
        naive = first + timedelta(days=rng.randrange(0, 300), minutes=rng.randrange(0, 1440))
        found.append(tz.localize(naive))
    return found


def fmt(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:9.2f} ms"
    return f"{ns / 1e3:9.2f} µs"


def bench_calendar(
    label: str,
    cal: BusinessCalendar,
    *,
    rules: Any,
    day_hours: int,
    points: list[datetime],
    quick: bool,
    limit: float,
) -> None:
    """Print one calendar's table."""
    ours_reps, theirs_reps = (20, 1) if quick else (200, 1)
    epochs = [int(t.timestamp()) for t in points]
    cases: list[
        tuple[
            str, Callable[[datetime], object], Callable[[int], object], Callable[[datetime], object]
        ]
    ] = [
        (
            "+4 h",
            lambda t: cal.add(t, 4 * HOUR),
            lambda ts: cal.add_epoch(ts, 4 * HOUR),
            lambda t: t + btd.BusinessTimeDelta(rules, hours=4),
        ),
        (
            "+30 business days",
            lambda t: cal.add_business_days(t, 30),
            lambda ts: cal.add_business_days_epoch(ts, 30),
            lambda t: t + btd.BusinessTimeDelta(rules, hours=30 * day_hours),
        ),
        (
            "between over 90 days",
            lambda t: cal.between(t, t + timedelta(days=90)),
            lambda ts: cal.between_epoch(ts, ts + 90 * DAY),
            lambda t: rules.difference(t, t + timedelta(days=90)),
        ),
        (
            "+250 business days",
            lambda t: cal.add_business_days(t, 250),
            lambda ts: cal.add_business_days_epoch(ts, 250),
            lambda t: t + btd.BusinessTimeDelta(rules, hours=250 * day_hours),
        ),
    ]
    print(f"\n== {label}, {ZONE}, python-holidays RU")
    print(
        f"{'operation':22} {'ours (datetime)':>16} {'ours (epoch)':>13} {'btd':>12} "
        f"{'ratio':>8} {'ratio epoch':>12}  agree"
    )
    for name, mine, mine_epoch, other in cases:
        mine_ns = median_over(points, mine, ours_reps)
        epoch_ns = median_over(epochs, mine_epoch, ours_reps)
        timings: list[float] = []
        timed_out = agree = 0
        for t in points:
            try:
                with time_limit(limit):
                    timings.append(per_call_ns(partial(other, t), theirs_reps))
                    theirs_answer = other(t)
            except Timeout:
                timed_out += 1
                continue
            mine_answer = mine(t)
            if isinstance(theirs_answer, btd.BusinessTimeDelta):
                theirs_answer = int(theirs_answer.timedelta.total_seconds())
            agree += theirs_answer == mine_answer
        their_ns = statistics.median(timings) if timings else float("nan")
        note = f"  ({timed_out} timed out at {limit:g} s)" if timed_out else ""
        print(
            f"{name:22} {fmt(mine_ns):>16} {fmt(epoch_ns):>13} {fmt(their_ns):>12} "
            f"{their_ns / mine_ns:7.0f}x {their_ns / epoch_ns:11.0f}x  "
            f"{agree}/{len(points) - timed_out}{note}"
        )
    print(
        "   (agree: same answer as btd. btd knows no working weekend days, e.g. RU Saturday "
        "2027-02-20, so spans crossing one differ)"
    )
    one = median_over(points, lambda t: cal.add_business_days(t, 1), ours_reps)
    many = median_over(points, lambda t: cal.add_business_days(t, 250), ours_reps)
    print(
        f"flat cost: +1 business day {fmt(one).strip()}, +250 business days "
        f"{fmt(many).strip()}: {many / one:.2f}x"
    )


def bench_hangs(limit: float) -> None:
    """The failure modes named in the issue, each under a time limit, with our answer."""
    print("\n== businesstimedelta failure modes (each bounded by a timeout)")
    ny = pytz.timezone("America/New_York")
    daily = [
        btd.WorkDayRule(start_time=clock(8), end_time=clock(20), working_days=list(range(7)), tz=ny)
    ]
    mixed = btd.Rules([*daily, btd.HolidayRule(holidays.US(), tz=pytz.utc)])
    ours_ny = BusinessCalendar.from_spec(
        CalendarSpec(
            "ny",
            "America/New_York",
            (
                CalendarLayer(
                    "us",
                    weekly=((Interval.parse("08:00-20:00"),),) * 7,
                    holidays=(HolidaySource("US"),),
                ),
            ),
        )
    )
    msk = pytz.timezone(ZONE)
    night = btd.Rules(
        [
            btd.WorkDayRule(
                start_time=clock(22), end_time=clock(6), working_days=[0, 1, 2, 3, 4], tz=msk
            ),
            btd.HolidayRule(holidays.RU(), tz=msk),
        ]
    )
    ours_night = BusinessCalendar.from_spec(
        CalendarSpec(
            "night",
            ZONE,
            (
                CalendarLayer(
                    "ru",
                    weekly=tuple([(Interval.parse("22:00-06:00"),)] * 5 + [(), ()]),
                    holidays=(HolidaySource("RU"),),
                ),
            ),
        )
    )
    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "NY 08-20 daily, US holidays in UTC: 2026-01-19 10:00 - 4 h",
            lambda: ny.localize(datetime(2026, 1, 19, 10)) - btd.BusinessTimeDelta(mixed, hours=4),
            lambda: ours_ny.subtract(ny.localize(datetime(2026, 1, 19, 10)), 4 * HOUR),
        ),
        (
            "Moscow Mon-Fri 22:00-06:00 overnight: 2026-03-04 03:00 - 4 h",
            lambda: msk.localize(datetime(2026, 3, 4, 3)) - btd.BusinessTimeDelta(night, hours=4),
            lambda: ours_night.subtract(msk.localize(datetime(2026, 3, 4, 3)), 4 * HOUR),
        ),
    ]
    for label, theirs_call, ours_call in cases:
        began = time.perf_counter_ns()
        try:
            with time_limit(limit):
                answer = f"answered {theirs_call()} in {fmt(time.perf_counter_ns() - began)}"
        except Timeout:
            answer = f"no answer within {limit:g} s (stopped)"
        except Exception as exc:  # reporting how it fails is the point
            answer = f"failed: {type(exc).__name__}: {exc}"
        print(f"{label}\n   btd:  {answer}\n   ours: {ours_call()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few starts, few repeats")
    parser.add_argument("--timeout", type=float, default=10.0, help="per businesstimedelta call")
    args = parser.parse_args()
    points = starts(8 if args.quick else 40)
    msk = pytz.timezone(ZONE)
    print(
        f"python-holidays {version('holidays')}, businesstimedelta {version('businesstimedelta')}"
    )
    print(f"{len(points)} start instants over 2026; each figure is the median over them")
    office = ours("office", (Interval.parse("08:30-17:30"),))
    split = ours("split", (Interval.parse("08:00-12:00"), Interval.parse("13:30-16:30")))
    for cal in (office, split):
        cal.add_business_days(points[0], 300)  # build the year plans before timing
    bench_calendar(
        "office Mon-Fri 08:30-17:30",
        office,
        rules=theirs([(clock(8, 30), clock(17, 30))], msk),
        day_hours=9,
        points=points,
        quick=args.quick,
        limit=args.timeout,
    )
    bench_calendar(
        "split Mon-Fri 08:00-12:00 + 13:30-16:30",
        split,
        rules=theirs([(clock(8), clock(12)), (clock(13, 30), clock(16, 30))], msk),
        day_hours=7,
        points=points,
        quick=args.quick,
        limit=args.timeout,
    )
    bench_hangs(min(args.timeout, 3.0))


if __name__ == "__main__":
    main()
