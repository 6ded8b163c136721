"""How evaluating one request ended: the one "evaluate and classify the failure" path.

Batch, the test runner, the compliance report and the HTTP service each answer many requests
and must tell three endings apart, the same way:

* :class:`Decided`: the request was answered (its decision, or the decision's JSON document);
* :class:`Rejected`: the request is at fault; its :class:`~policylang.errors.RequestError` names
  every problem. ``PolicySet.evaluate`` already turns whatever a request can cause (an instant
  the calendars cannot count with included) into one, so nothing else is the request's fault;
* :class:`Crashed`: anything else is a bug in policylang. The caller decides what a bug costs:
  one row or case (batch, tests, a service batch item) or the whole answer (re-raise
  :attr:`Crashed.error`, its traceback intact).

A tagged union, so that a type checker sees every caller handle every ending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from policylang.errors import RequestError
from policylang.runtime.decision import Decision
from policylang.runtime.policyset import PolicySet

__all__ = ["Crashed", "Decided", "Outcome", "Rejected", "evaluate", "evaluate_to_json"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Decided(Generic[T]):
    """The request was answered: ``answer`` is its decision (or the decision's JSON)."""

    answer: T


@dataclass(frozen=True, slots=True)
class Rejected:
    """The request cannot be evaluated; ``error`` lists every problem with it."""

    error: RequestError


@dataclass(frozen=True, slots=True)
class Crashed:
    """Evaluating raised something no request can cause: a bug, kept to report or re-raise."""

    error: Exception


#: How one evaluation ended.
Outcome = Decided[T] | Rejected | Crashed


def evaluate(
    policies: PolicySet,
    request: Any,
    *,
    as_of: dt.datetime | dt.date | str | None = None,
    trace: bool = False,
) -> Outcome[Decision]:
    """Evaluate ``request`` (see :meth:`PolicySet.evaluate`) and say how it ended."""
    return _classify(lambda: policies.evaluate(request, as_of=as_of, trace=trace))


def evaluate_to_json(
    policies: PolicySet,
    request: Any,
    *,
    as_of: dt.datetime | dt.date | str | None = None,
    trace: bool = False,
    detail: str = "compact",
) -> Outcome[dict[str, Any]]:
    """`evaluate`, the decision written as its JSON document (``detail``: see
    `Decision.to_json`; a bug writing it is a crash)."""
    return _classify(
        lambda: policies.evaluate(request, as_of=as_of, trace=trace).to_json(detail)
    )


def _classify(answer: Callable[[], T]) -> Outcome[T]:
    try:
        return Decided(answer())
    except RequestError as error:
        return Rejected(error)
    except Exception as error:  # a bug: the caller decides whether it costs one answer or all
        return Crashed(error)
