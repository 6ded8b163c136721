"""Where an answer comes from: the quoted clauses a rule cites, its place in the policy, and the
notes an answer relies on (a note already in the JSON shape the catalogue carries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Citation",
    "NoteInfo",
    "Source",
]


@dataclass(frozen=True, slots=True)
class Citation:
    """One quoted clause of the source document."""

    id: str
    text: str
    english: str | None
    at: str | None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from: the clauses it cites and where it stands in the policy."""

    clauses: tuple[Citation, ...]
    location: str


@dataclass(frozen=True, slots=True)
class NoteInfo:
    """An interpretation, defect, contradiction or omission note."""

    id: str
    kind: str
    title: str | None
    about: tuple[str, ...]
    says: str | None
    reading: str | None
    because: str | None
    #: Codes of the lint findings about its subjects the note answers (`acknowledges`).
    acknowledges: tuple[str, ...] = ()
    #: The JSON form a decision carries, built once.
    json: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "json", self.to_json())

    def to_json(self) -> dict[str, Any]:
        """The JSON form a decision carries."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "about": list(self.about),
            "says": self.says,
            "reading": self.reading,
            "because": self.because,
        }
