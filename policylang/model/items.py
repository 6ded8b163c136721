"""Items bound to ticket types by the responsibility lists that name a `type`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ItemList", "ItemTypes"]


@dataclass(frozen=True, slots=True)
class ItemList:
    """One responsibility list that gives an item a type: the rule, its title, the type."""

    rule: str
    title: str | None
    type: str

    @property
    def words(self) -> str:
        """``"Clever Ideas' actions: UCONTACT" (type provider_action)``."""
        name = f'"{self.title}"' if self.title else f"`{self.rule}`"
        return f"{name} (type {self.type})"


@dataclass(frozen=True, slots=True)
class ItemTypes:
    """The types the lists give one item, and the note recording a contradiction between them."""

    lists: tuple[ItemList, ...]
    #: The `contradiction` note about the lists when they give different types (else None).
    note: str | None = None

    @property
    def types(self) -> tuple[str, ...]:
        """The distinct types, in the lists' order."""
        return tuple(dict.fromkeys(entry.type for entry in self.lists))
