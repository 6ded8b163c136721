"""Customer variants compiled when first needed, kept in a bounded LRU cache (runtime/variants.py).

Compiles are counted through the compiler the policy set calls, never by timing.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
import time
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import policylang
import policylang.compiler.customers
from policylang.calendar import CalendarError, CalendarLayer
from policylang.errors import RequestError
from policylang.model.policy import CompiledPolicy
from policylang.runtime.policyset import PolicySet
from policylang.runtime.variants import VariantCompiler
from tests.unit.test_customer_calendars import POLICY

#: Customers c0..c3 close one day each (distinct layers, distinct answers); the twins close
#: the same day with the same label (equal layers); `plain` layers nothing, nor does `empty`
#: (an empty block); `c0_too` layers what c0 does, and an empty block besides.
CUSTOMERS = (
    "\n".join(
        f'customer c{i} {{\n  policy layered\n  calendar office {{\n'
        f'    closed 2026-12-{28 + i} "Closure {i}"\n  }}\n}}\n'
        for i in range(4)
    )
    + "\n".join(
        f'customer {name} {{\n  policy layered\n  calendar office {{\n'
        '    closed 2026-12-29 "Twins closure"\n  }\n}\n'
        for name in ("twin_a", "twin_b")
    )
    + "\ncustomer plain {\n  policy layered\n}\n"
    + "\ncustomer empty {\n  policy layered\n  calendar office {}\n}\n"
    + "\ncustomer c0_too {\n  policy layered\n  calendar office {\n"
    + '    closed 2026-12-28 "Closure 0"\n  }\n  calendar desk {}\n}\n'
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("variants")
    (folder / "layered.policy").write_text(POLICY, encoding="utf-8")
    (folder / "acme.customers").write_text(CUSTOMERS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def loaded(folder: Path) -> PolicySet:
    return policylang.load(folder)


class Counting:
    """The loaded set's compiler, counting its calls (and slowed down, when asked, so that
    concurrent requests overlap)."""

    def __init__(self, compiler: VariantCompiler, delay: float = 0.0) -> None:
        self.compiler = compiler
        self.delay = delay
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(
        self, policy: CompiledPolicy, layers: Mapping[str, CalendarLayer]
    ) -> CompiledPolicy:
        with self._lock:
            self.calls += 1
        time.sleep(self.delay)
        return self.compiler(policy, layers)


def _counted(loaded: PolicySet, size: int, delay: float = 0.0) -> tuple[PolicySet, Counting]:
    assert loaded.compile_variant is not None
    counting = Counting(loaded.compile_variant, delay)
    policies = PolicySet.from_policies(
        [p for versions in loaded.versions.values() for p in versions],
        loaded.customers,
        compile_variant=counting,
        variant_cache_size=size,
    )
    return policies, counting


def _request(customer: str | None) -> dict[str, Any]:
    request: dict[str, Any] = {"policy": "layered", "opened_at": "2026-12-28T16:00:00+03:00"}
    if customer is not None:
        request["customer"] = customer
    return request


def _answer(policies: PolicySet, customer: str | None) -> Any:
    return policies.evaluate(_request(customer)).to_json()


def test_load_compiles_no_variant(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading many customers with distinct layers compiles none of their variants; the first
    request for one compiles it, the second nothing."""
    compile_file = policylang.compiler.customers.compile_file
    layered: list[object] = []

    def counting(*args: Any, **kwargs: Any) -> CompiledPolicy:
        if kwargs.get("calendar_layers"):
            layered.append(kwargs["calendar_layers"])
        return compile_file(*args, **kwargs)

    monkeypatch.setattr(policylang.compiler.customers, "compile_file", counting)
    policies = policylang.load(folder)
    assert len(policylang.load(folder).customers["layered"]) == 9
    assert (len(layered), len(policies.variants)) == (0, 0)
    _answer(policies, "c1")
    assert len(layered) == 1
    _answer(policies, "c1")
    assert (len(layered), policies.variants.compiles) == (1, 1)


#: (case, cache size, customers asked in turn, compiles, variants kept at the end)
CASES = [
    ("no customer, no layers: nothing compiled", 4, [None, "plain", None], 0, 0),
    ("an empty calendar block layers nothing", 4, ["empty", "empty"], 0, 0),
    ("an empty block beside a layer adds nothing", 4, ["c0", "c0_too"], 1, 1),
    ("a customer asked twice compiles once", 4, ["c0", "c0"], 1, 1),
    ("distinct layers, one variant each", 4, ["c0", "c1", "c2"], 3, 3),
    ("equal layers share one variant", 4, ["twin_a", "twin_b", "twin_a"], 1, 1),
    ("evicted, then compiled again", 2, ["c0", "c1", "c2", "c0"], 4, 2),
    ("the least recently used goes first", 2, ["c0", "c1", "c0", "c2", "c0"], 3, 2),
    ("a cache of one", 1, ["c0", "c1", "c0", "c0"], 3, 1),
]


@pytest.mark.parametrize(
    ("size", "asked", "compiles", "kept"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_variants_are_compiled_once_while_kept(
    loaded: PolicySet, size: int, asked: list[str | None], compiles: int, kept: int
) -> None:
    policies, counting = _counted(loaded, size)
    for customer in asked:
        # Each answer equals the one of a set that keeps every variant it compiled.
        assert _answer(policies, customer) == _answer(loaded, customer), customer
    assert (counting.calls, policies.variants.compiles, len(policies.variants)) == (
        compiles,
        compiles,
        kept,
    )


def test_distinct_layers_answer_differently(loaded: PolicySet) -> None:
    """The cases above compare answers: they would prove little if all were equal."""
    answers = [_answer(loaded, c)["sla"]["response"]["due_at"] for c in (None, "c0", "c1", "twin_a")]
    assert len(set(answers)) == 3 and answers[2] == answers[3]


class _Probe:
    """Something weakly referable to leave in a variant's ``derived`` statics."""


def test_an_evicted_variant_is_freed_with_its_statics(loaded: PolicySet) -> None:
    policies, _ = _counted(loaded, 1)
    _answer(policies, "c0")  # builds its decision statics, kept in `derived`
    variant = policies.normalize(_request("c0")).policy
    assert "decision_json" in variant.derived
    probe = _Probe()
    variant.derived["probe"] = probe
    alive = weakref.ref(probe)
    del variant, probe
    gc.collect()
    assert alive() is not None  # kept while cached
    _answer(policies, "c1")
    gc.collect()
    assert alive() is None


def test_a_request_without_layers_keeps_the_policy(loaded: PolicySet) -> None:
    policies, counting = _counted(loaded, 4)
    for customer in (None, "plain", "empty"):
        assert policies.normalize(_request(customer)).policy is policies.latest("layered")
    assert counting.calls == 0


def test_concurrent_requests_compile_one_variant(loaded: PolicySet) -> None:
    policies, counting = _counted(loaded, 4, delay=0.05)
    start = threading.Barrier(8)
    answers: list[Any] = []
    variants: list[CompiledPolicy] = []

    def ask() -> None:
        start.wait()
        variants.append(policies.normalize(_request("c3")).policy)
        answers.append(_answer(policies, "c3"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counting.calls == 1
    assert len(answers) == 8 and all(a == answers[0] for a in answers)
    assert all(v is variants[0] for v in variants)
    assert answers[0] == _answer(loaded, "c3")


def test_layers_that_do_not_compile_are_the_request_s_error(loaded: PolicySet) -> None:
    """Rare (the checker validated the layers), but a request error naming the customer, never
    a crash; the next request tries again."""

    def failing(policy: CompiledPolicy, layers: Mapping[str, CalendarLayer]) -> CompiledPolicy:
        raise CalendarError("no open time left in the layered calendar `office`")

    policies = dataclasses.replace(loaded, compile_variant=failing)
    for _ in range(2):
        with pytest.raises(RequestError) as raised:
            policies.evaluate(_request("c0"))
        assert [(p.field, p.message) for p in raised.value.problems] == [
            (
                "customer",
                "the calendar layers of customer `c0` do not compile on policy `layered` "
                "version `1`: no open time left in the layered calendar `office`",
            )
        ]
    assert len(policies.variants) == 0
    assert _answer(policies, None) == _answer(loaded, None)


#: Requests and whether answering them may compile a variant first (before any is kept).
WOULD_COMPILE = {
    "no-customer": (_request(None), False),
    "customer-without-layers": (_request("plain"), False),
    "empty-layer": (_request("empty"), False),
    "layered-customer": (_request("c1"), True),
    "unknown-customer": (_request("nobody"), False),
    "customer-not-a-string": ({**_request(None), "customer": 3}, False),
    "not-an-object": ([], False),
}


@pytest.mark.parametrize(("request_", "compiles"), WOULD_COMPILE.values(), ids=WOULD_COMPILE)
def test_would_compile_says_which_requests_compile_first(
    folder: Path, request_: Any, compiles: bool
) -> None:
    """What a server answers off its event loop: only a layered customer's first request (a
    compile takes milliseconds); once its variant is kept, the request is as cheap as any."""
    policies = policylang.load(folder)
    assert policies.would_compile(request_) is compiles
    if compiles:
        policies.evaluate(request_)
        assert policies.would_compile(request_) is False
