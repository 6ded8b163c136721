"""The fast calendar agrees with the minute-stepping oracle on random calendars.

Random zones with DST history, split and overnight shifts, 24/7 layers, python-holidays
sources, closed and open dates, one to three layers; instants often days from a DST change.
``HYPOTHESIS_PROFILE=thorough`` runs 100,000 examples (see conftest.py) and, run with
``-s``, reports every 10,000 so an hour-long run shows its progress.
"""

from __future__ import annotations

import itertools
import sys

from calendar_oracle import Oracle
from calendar_strategies import DAY, THOROUGH, Case, cases, profile, weekly_open_minutes
from hypothesis import assume, given, note
from hypothesis import strategies as st

from policylang.calendar import BusinessCalendar

_examples = itertools.count(1)


@profile(oracle=True)
@given(case=cases(), data=st.data())
def test_oracle_agreement(case: Case, data: st.DataObject) -> None:
    weekly = weekly_open_minutes(case.spec)
    assume(weekly > 0)
    cal = BusinessCalendar.from_spec(case.spec)
    oracle = Oracle(case.spec)
    ts = case.ts
    # Keep the oracle's minute stepping to about a week of wall time at most (the algebraic
    # properties cover durations of months without the oracle).
    most = max(1, min(DAY + DAY // 2, weekly * 60))
    seconds = data.draw(st.integers(0, most), label="seconds")
    span = data.draw(st.integers(-DAY - DAY // 2, DAY + DAY // 2), label="span")
    days = data.draw(st.integers(-3, 3), label="business days")
    note(repr(case))
    note(f"local start {cal.to_local(ts).isoformat()}")

    assert cal.is_open_epoch(ts) == oracle.is_open(ts)
    assert cal.next_open_epoch(ts) == oracle.next_open(ts)
    assert cal.between_epoch(ts, ts + span) == oracle.between(ts, ts + span)
    assert cal.add_epoch(ts, seconds) == oracle.add(ts, seconds)
    assert cal.add_epoch(ts, -seconds) == oracle.add(ts, -seconds)
    assert cal.add_business_days_epoch(ts, days) == oracle.add_business_days(ts, days)
    done = next(_examples)
    if THOROUGH and done % 10_000 == 0:
        print(f"oracle agreement: {done} examples agreed so far", file=sys.stderr, flush=True)
