"""Algebraic properties of business-time arithmetic on random calendars (no oracle needed)."""

from __future__ import annotations

from calendar_strategies import DAY, Case, cases, profile, weekly_open_minutes
from hypothesis import assume, given, note
from hypothesis import strategies as st

from policylang.calendar import BusinessCalendar, CalendarError

durations = st.integers(0, 60 * DAY)


def compile_case(case: Case) -> BusinessCalendar:
    assume(weekly_open_minutes(case.spec) > 0)
    note(repr(case))
    return BusinessCalendar.from_spec(case.spec)


def fit(case: Case, *durations: int) -> tuple[int, ...]:
    """Durations cut to at most ten weeks of the calendar's weekly hours, so a calendar open
    one minute a week is not asked for centuries (that is a `CalendarError`, tested apart)."""
    most = 10 * 60 * weekly_open_minutes(case.spec)
    return tuple(d % (most + 1) if d >= 0 else -(-d % (most + 1)) for d in durations)


@profile()
@given(case=cases(), seconds=durations)
def test_between_inverts_add(case: Case, seconds: int) -> None:
    cal, ts = compile_case(case), case.ts
    (seconds,) = fit(case, seconds)
    assert cal.between_epoch(ts, cal.add_epoch(ts, seconds)) == seconds
    assert cal.between_epoch(ts, cal.add_epoch(ts, -seconds)) == -seconds


@profile()
@given(case=cases(), a=durations, b=durations)
def test_add_is_monotonic_in_duration(case: Case, a: int, b: int) -> None:
    cal, ts = compile_case(case), case.ts
    a, b = fit(case, a, b)
    small, large = sorted((a, b))
    assert cal.add_epoch(ts, small) <= cal.add_epoch(ts, large)
    assert cal.add_epoch(ts, -large) <= cal.add_epoch(ts, -small)


@profile()
@given(case=cases(), gap=st.integers(0, 10 * DAY), seconds=durations)
def test_add_is_monotonic_in_start(case: Case, gap: int, seconds: int) -> None:
    cal, ts = compile_case(case), case.ts
    (seconds,) = fit(case, seconds)
    assert cal.add_epoch(ts, seconds) <= cal.add_epoch(ts + gap, seconds)
    assert cal.add_business_days_epoch(ts, 2) <= cal.add_business_days_epoch(ts + gap, 2)


@profile()
@given(case=cases(), a=durations, b=durations)
def test_add_of_a_sum_is_chained_adds(case: Case, a: int, b: int) -> None:
    cal, ts = compile_case(case), case.ts
    a, b = fit(case, a, b)
    assert cal.add_epoch(ts, a + b) == cal.add_epoch(cal.add_epoch(ts, a), b)
    assert cal.add_epoch(ts, -(a + b)) == cal.add_epoch(cal.add_epoch(ts, -a), -b)


@profile()
@given(case=cases(), x=st.integers(0, 30 * DAY), y=st.integers(0, 30 * DAY))
def test_between_is_additive_and_antisymmetric(case: Case, x: int, y: int) -> None:
    cal, a = compile_case(case), case.ts
    b, c = a + x, a + x + y
    assert cal.between_epoch(a, b) + cal.between_epoch(b, c) == cal.between_epoch(a, c)
    assert cal.between_epoch(c, a) == -cal.between_epoch(a, c)
    assert 0 <= cal.between_epoch(a, c) <= c - a


@profile()
@given(case=cases(), seconds=st.integers(1, 60 * DAY))
def test_round_trip_is_next_open(case: Case, seconds: int) -> None:
    cal, ts = compile_case(case), case.ts
    (seconds,) = fit(case, seconds)
    assume(seconds > 0)
    assert cal.add_epoch(cal.add_epoch(ts, seconds), -seconds) == cal.next_open_epoch(ts)


@profile()
@given(case=cases())
def test_open_close_consistency(case: Case) -> None:
    cal, ts = compile_case(case), case.ts
    opens = cal.next_open_epoch(ts)
    assert (opens == ts) is cal.is_open_epoch(ts)
    assert cal.is_open_epoch(opens)
    assert cal.between_epoch(ts, opens) == 0
    try:
        closes = cal.next_close_epoch(ts)
    except CalendarError as exc:
        # Only a calendar open around the clock has no closing; the error says so.
        assert "no closing within" in str(exc)
        assert cal.between_epoch(opens, opens + 400 * DAY) == 400 * DAY
        return
    assert closes > opens
    assert not cal.is_open_epoch(closes)
    assert cal.between_epoch(opens, closes) == closes - opens


@profile()
@given(case=cases(), n=st.integers(-40, 40), m=st.integers(-40, 40))
def test_business_days_are_monotonic(case: Case, n: int, m: int) -> None:
    cal, ts = compile_case(case), case.ts
    low, high = sorted((n, m))
    assert cal.add_business_days_epoch(ts, low) <= cal.add_business_days_epoch(ts, high)
    if low > 0:
        # Every step forward lands on business time or a closing: never inside a gap.
        result = cal.add_business_days_epoch(ts, low)
        assert cal.is_open_epoch(result - 1)


@profile()
@given(case=cases(), seconds=st.integers(-60 * DAY, 60 * DAY), days=st.integers(-5, 5))
def test_datetime_api_matches_epoch_api(case: Case, seconds: int, days: int) -> None:
    cal, ts = compile_case(case), case.ts
    (seconds,) = fit(case, seconds)
    local = cal.to_local(ts)
    assert cal.to_local(cal.add_epoch(ts, seconds)) == cal.add(local, seconds)
    assert cal.to_local(cal.add_business_days_epoch(ts, days)) == cal.add_business_days(local, days)
    assert cal.between(local, cal.to_local(ts + seconds)) == cal.between_epoch(ts, ts + seconds)
    assert cal.is_open(local) is cal.is_open_epoch(ts)


@profile()
@given(case=cases(), seconds=durations, days=st.integers(1, 30))
def test_start_and_due_is_next_open_and_add(case: Case, seconds: int, days: int) -> None:
    """The evaluator's one-lookup call answers what the two separate calls answer."""
    cal, ts = compile_case(case), case.ts
    (seconds,) = fit(case, seconds)
    seconds = max(seconds, 1)

    def outcome(compute: object) -> object:
        try:
            return compute()  # type: ignore[operator]
        except CalendarError as error:
            return str(error)

    assert outcome(lambda: cal.start_and_due_epoch(ts, seconds=seconds)) == outcome(
        lambda: (cal.next_open_epoch(ts), cal.add_epoch(ts, seconds))
    )
    assert outcome(lambda: cal.start_and_due_epoch(ts, business_days=days)) == outcome(
        lambda: (cal.next_open_epoch(ts), cal.add_business_days_epoch(ts, days))
    )
