"""A request's item and type, read together: the responsibility lists bind items to types.

* A request with an item a list binds and no `type` takes the list's type; with an item two
  lists give different types (a contradiction the policy records) it must give `type`.
* A request whose `type` is one a list names, but not one the item's lists give, contradicts
  the lists: the problem names both. A type no list names (a bug about the item) is not bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policylang.errors import RequestProblem
from policylang.model.items import ItemTypes

__all__ = ["bind_item_type"]


def bind_item_type(
    item_types: Mapping[str, ItemTypes], bound: frozenset[str], values: dict[str, Any]
) -> RequestProblem | None:
    """Give ``values`` the type its item's lists give, or say why the request cannot have it.

    ``bound`` is every type some list names."""
    item = values.get("item")
    binding = item_types.get(item) if item.__class__ is str else None
    if binding is None:
        return None
    types = binding.types
    given = values.get("type")
    if given is None:
        if len(types) == 1:
            values["type"] = types[0]
            return None
        lists = " and ".join(entry.words for entry in binding.lists)
        note = f", a contradiction recorded in note `{binding.note}`" if binding.note else ""
        return RequestProblem(
            "type",
            f"is required: item `{item}` is on {lists}{note}; the request must say which "
            "type it is",
            types,
        )
    if given in types or given not in bound:
        return None
    lists = " and ".join(entry.words for entry in binding.lists)
    return RequestProblem(
        "type",
        f"item `{item}` is on {lists}; type `{given}` contradicts it",
        types,
    )
