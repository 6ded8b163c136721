"""What a request carries, as the compiled policy declares it: its inputs, ticket types, and the
names under which the engine stores the values it derives.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "MISSING",
    "NOT_NAMED",
    "OPENED_DATE",
    "OPENED_TS",
    "PENDING",
    "InputSpec",
    "InputValue",
    "Missing",
    "TypeInfo",
]


class Missing(enum.Enum):
    """The type of :data:`MISSING`: one member, so a type checker narrows ``x is MISSING``."""

    MISSING = "MISSING"

    # Identity, as for any object: its hash goes into every memo key of a request that leaves
    # an optional input out, and Enum's own hashes the name in Python.
    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return "MISSING"


#: The value of an optional input the request left out (distinct from None and False).
MISSING: Final = Missing.MISSING

#: A value an input can hold once normalized: an enum name or text, a boolean, a number, a date,
#: or a timestamp as epoch seconds.
InputValue = str | bool | int | float | dt.date

#: The value of a ``pending`` input the request left out: *not yet happened*, a known state.
#: A string no enum value can equal (names start with a letter or ``_``), so ``x == v`` is
#: false and ``x != v`` true for every value ``v``, as "not decided yet" means.
PENDING = "@pending"

#: The value of the request's standard ``kind`` in a policy without types that tests it, when
#: the request names none: of no kind a condition names (``kind == question`` false, ``!=``
#: true), and, unlike PENDING, nothing that may still happen (a refusal on it is not possible).
NOT_NAMED = "@not-named"

#: Where a request's values hold the opening instant (epoch seconds: the ``opened_at`` input)...
OPENED_TS = "opened_at"
#: ...and its local date in the policy zone, under a name no policy can declare (conditions that
#: count ``days since`` read it).
OPENED_DATE = "@opened_date"


@dataclass(frozen=True, slots=True)
class InputSpec:
    """One request input: its type, domain, presence and default."""

    name: str
    kind: str  # enum | bool | date | datetime | text | number
    values: tuple[str, ...] = ()
    labels: Mapping[str, str | None] = field(default_factory=dict)
    required: bool = True
    default: InputValue | Missing = MISSING
    label: str | None = None
    derived: bool = False  # computed by the engine (category), never sent
    #: ``pending "words"``: absent means not yet happened (value PENDING), described so.
    pending: str | None = None
    value_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_set", frozenset(self.values))


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """A ticket type: category, default priority, labels, and its standard kind and severity."""

    id: str
    category: str | None
    priority: str | None
    labels: Mapping[str, str]
    #: The standard ticket kind (docs/vocabulary.md): incident, service_request, question...
    kind: str | None = None
    #: The standard severity, in a policy without priorities (critical, high, medium, low).
    severity: str | None = None
