"""Fuzzing the whole pipeline: whatever text and request a user gives, only documented errors.

Every example runs a policy text through `tests.fuzz.pipeline.run_pipeline`: parse, check,
format and parse again, compile, evaluate valid and hostile requests (with and without a trace),
``to_json`` (validated against the decision schema), ``explain``, lint (evaluating the requests
findings show), and the documentation page. A stage may only raise `PolicyError` (parse) or
`RequestError` (evaluate); an example that runs longer than 20 s fails as a hang.

The texts: grammar-aware mutants (`tests.fuzz.mutants`) of the bundled policies, of the
kitchen-sink file and of small generated policies; random text; keyword soup.

Fast by default (CI, about 30 s). The thorough profile, run by hand (hours; niced, on one core):

    HYPOTHESIS_PROFILE=thorough nice python -m pytest tests/fuzz -n 0 -p no:cacheprovider -s \
        --hypothesis-show-statistics

``FUZZ_RECORD`` makes the run write each crash and hang to that file and go on to the end
(see ``conftest.py``). docs/language.md ("Fuzzing") describes the fuzzing and has the figures of
the last thorough run. A crash it finds is fixed, and pinned with a regression test in the
table of the stage it concerns.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import profile
from tests.fuzz.mutants import BUNDLED, KITCHEN_SINK, mutants_of, small_policies, token_soup
from tests.fuzz.pipeline import DrawRequests, run_pipeline
from tests.fuzz.requests import requests_for


def _requests(data: st.DataObject) -> DrawRequests:
    """What the pipeline sends each compiled policy, drawn from this example's data."""
    return lambda policy: requests_for(data.draw, policy)


@profile(default=300, thorough=150_000)
@given(st.data())
def test_small_policies_and_their_mutants(data: st.DataObject) -> None:
    text = data.draw(small_policies())
    if data.draw(st.integers(0, 2)) == 2:  # a third of them mutated
        text = data.draw(mutants_of(text, max_edits=2))
    run_pipeline(text, "fuzz.policy", _requests(data))


@profile(default=50, thorough=12_000)
@given(st.data())
def test_mutants_of_bundled_policies(data: st.DataObject) -> None:
    path, text = data.draw(st.sampled_from(BUNDLED))
    run_pipeline(data.draw(mutants_of(text)), path, _requests(data))


@profile(default=100, thorough=30_000)
@given(st.data())
def test_mutants_of_the_kitchen_sink(data: st.DataObject) -> None:
    run_pipeline(data.draw(mutants_of(KITCHEN_SINK)), "kitchen_sink.policy", _requests(data))


@profile(default=300, thorough=20_000)
@given(st.data(), st.text(max_size=200))
def test_random_text(data: st.DataObject, text: str) -> None:
    run_pipeline(text, "fuzz.policy", _requests(data))


@profile(default=300, thorough=20_000)
@given(st.data(), token_soup())
def test_token_soup(data: st.DataObject, text: str) -> None:
    run_pipeline(text, "fuzz.policy", _requests(data))
