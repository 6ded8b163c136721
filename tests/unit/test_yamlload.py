"""`policylang.yamlload`: safe_load's answers, with alias expansion, nesting and cycles bounded."""

from __future__ import annotations

import time

import pytest
import yaml

from policylang.tools import yamlload
from tests.unit.yamlfixtures import alias_bomb

REFUSED = {
    # The line named is the first anchor whose expansion is past the limit: 9**6 values.
    "billion-laughs": (alias_bomb(9), "expands to more than 100,000 values", 6),
    "just-past-the-limit": (alias_bomb(2, width=317), "expands to more than 100,000", 2),
    "alias-inside-itself": ("a: &a [1, *a]\n", "refers to a value that contains it", 1),
    "deep-nesting": ("[" * 150 + "]" * 150 + "\n", "nests more than 100 deep", 1),
    "nesting-past-the-parser-s-stack": ("[" * 5000 + "]" * 5000 + "\n", "nests more than", 1),
}


@pytest.mark.parametrize(("text", "message", "line"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_documents_say_why_and_where(text: str, message: str, line: int) -> None:
    started = time.perf_counter()
    with pytest.raises(yamlload.YamlLimitError, match=message) as caught:
        yamlload.load(text)
    assert caught.value.problem_mark is not None
    assert caught.value.problem_mark.line + 1 == line
    assert time.perf_counter() - started < 5  # a bound, not a benchmark: minutes before


ACCEPTED = {
    "plain": "policy: toy\ncases: [{name: a, request: {x: 1}}]\n",
    "small-aliases": alias_bomb(3),  # 729 values
    "empty": "",
    "dates-and-merge-keys": "base: &b {on: 2026-01-10}\nother: {<<: *b, off: 2026-02-01}\n",
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted_documents_load_as_safe_load_loads_them(text: str) -> None:
    _node, data = yamlload.load(text)
    assert data == yaml.safe_load(text)


def test_code_never_runs() -> None:
    with pytest.raises(yaml.YAMLError):
        yamlload.load("!!python/object/apply:os.system ['true']\n")


def test_the_measure_counts_each_use_of_an_alias() -> None:
    node, _ = yamlload.load(alias_bomb(3, width=4))
    assert node is not None
    # root mapping + 4 keys + l0 (1 + 4) + l1 (1 + 4*5) + l2 (1 + 4*21) + l3 (1 + 4*85)
    assert yamlload.check_expansion(node) == 1 + 4 + 5 + 21 + 85 + 341
