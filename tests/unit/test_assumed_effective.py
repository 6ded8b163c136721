"""``effective DATE assumed``: an undated source's date, chosen by the author, answers earlier
requests (flagged ``assumed_effective``) instead of rejecting them.

Each row is a set of versions of the toy policy (effective dates as written in their headers), a
request's opening instant, and what must answer it: the version label and the flag, or the
rejection's words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import policylang
from policylang.errors import RequestError
from policylang.runtime.explain import explain
from tests.unit.evalfixtures import TOY_REQUEST, write_toy

ASSUMED_FIRST = ("2026-01-01 assumed", "2026-06-01")
DATED_FIRST = ("2026-01-01", "2026-06-01 assumed")

CASES: list[tuple[str, tuple[str, ...], str, str | None, bool | None]] = [
    # id, effective dates of versions "1", "2", …, opened_at, version that answers, flag
    ("assumed-earlier-ticket", ("2026-01-01 assumed",), "2025-12-15T10:00:00+03:00", "1", True),
    ("assumed-first-instant", ("2026-01-01 assumed",), "2026-01-01T00:00:00+03:00", "1", False),
    ("assumed-just-before", ("2026-01-01 assumed",), "2025-12-31T23:59:59+03:00", "1", True),
    ("assumed-later-ticket", ("2026-01-01 assumed",), "2026-03-06T17:20:00+03:00", "1", False),
    ("assumed-other-offset", ("2026-01-01 assumed",), "2025-12-31T20:30:00+00:00", "1", True),
    ("dated-earlier-ticket", ("2026-01-01",), "2025-12-15T10:00:00+03:00", None, None),
    ("first-assumed-earlier", ASSUMED_FIRST, "2025-12-15T10:00:00+03:00", "1", True),
    ("first-assumed-between", ASSUMED_FIRST, "2026-03-06T17:20:00+03:00", "1", False),
    ("first-assumed-latest", ASSUMED_FIRST, "2026-07-01T10:00:00+03:00", "2", False),
    # Only the first version's date reaches back: a later one's earlier tickets have a version.
    ("later-assumed-earlier", DATED_FIRST, "2025-12-15T10:00:00+03:00", None, None),
    ("later-assumed-between", DATED_FIRST, "2026-03-06T17:20:00+03:00", "1", False),
    ("later-assumed-latest", DATED_FIRST, "2026-07-01T10:00:00+03:00", "2", False),
]


def _load(tmp_path: Path, dates: tuple[str, ...]) -> policylang.PolicySet:
    for label, date in enumerate(dates, 1):
        write_toy(tmp_path, f"toy{label}.policy", version=str(label), effective=date)
    return policylang.load(tmp_path)


@pytest.mark.parametrize(
    ("dates", "opened", "version", "assumed"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_which_version_answers(
    tmp_path: Path, dates: tuple[str, ...], opened: str, version: str | None, assumed: bool | None
) -> None:
    policies = _load(tmp_path, dates)
    request = {**TOY_REQUEST, "opened_at": opened}
    if version is None:
        with pytest.raises(RequestError, match="has no version in force on 2025-12-15"):
            policies.evaluate(request)
        return
    decision = policies.evaluate(request)
    assert (decision.policy.version, decision.assumed_effective) == (version, assumed)
    assert decision.to_json()["policy"]["assumed_effective"] is assumed, "the JSON says it too"
    assert decision.response.due_ts is not None, "an earlier ticket is answered, timed"


def test_the_assumed_date_is_in_the_model(tmp_path: Path) -> None:
    policies = _load(tmp_path, ASSUMED_FIRST)
    assert [v.effective_assumed for v in policies.versions["toy"]] == [True, False]


@pytest.mark.parametrize(
    ("assumed", "words"),
    [
        (True, "its terms assumed from Thursday 1 January 2026: the source states no date"),
        (False, "in force since Thursday 1 January 2026"),
    ],
    ids=["assumed", "dated"],
)
def test_explain_says_the_terms_are_assumed(tmp_path: Path, assumed: bool, words: str) -> None:
    """The explanation reads the flag from the decision JSON."""
    opened = "2025-12-15T10:00:00+03:00" if assumed else "2026-03-06T17:20:00+03:00"
    decision = _load(tmp_path, ("2026-01-01 assumed",)).evaluate(
        {**TOY_REQUEST, "opened_at": opened}
    )
    assert decision.to_json()["policy"]["assumed_effective"] is assumed
    assert words in explain(decision)
