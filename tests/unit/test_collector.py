"""`collector.paused`: no cyclic collection inside, the collector's state restored after."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from policylang.lang.collector import paused


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def _single() -> list[bool]:
    with paused():
        inside = gc.isenabled()
    return [inside, gc.isenabled()]


def _nested() -> list[bool]:
    with paused():
        with paused():
            pass
        between = gc.isenabled()
    return [between, gc.isenabled()]


def _raising() -> list[bool]:
    with pytest.raises(ValueError), paused():
        raise ValueError
    return [gc.isenabled()]


@pytest.mark.parametrize(
    ("enabled_before", "run", "expected"),
    [
        pytest.param(True, _single, [False, True], id="paused-inside-resumed-after"),
        pytest.param(False, _single, [False, False], id="a-disabled-collector-stays-disabled"),
        pytest.param(True, _nested, [False, True], id="nested-resumes-when-the-outer-ends"),
        pytest.param(True, _raising, [True], id="resumed-after-an-exception"),
    ],
)
def test_paused(enabled_before: bool, run: Callable[[], list[bool]], expected: list[bool]) -> None:
    (gc.enable if enabled_before else gc.disable)()
    assert run() == expected
