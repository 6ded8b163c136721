"""Customer layers, compiled: the facts one customer's contract fixes for a policy's inputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Customer"]


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer of one policy: requests naming it take its facts for the inputs they omit."""

    id: str
    #: Its name as the customers file gives it, if it does.
    name: str | None
    #: The id of the policy whose inputs the facts fill (every version of it).
    policy: str
    #: Input -> value, normalized as a request's value is (a date a ``datetime.date``, ...).
    facts: Mapping[str, Any]
    #: Input -> the value as the customers file spells it (what an error message shows).
    spelled: Mapping[str, str]
