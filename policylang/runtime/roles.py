"""Roles: who is responsible for a request, who performs it, receives it, assists, is consulted.

The answer comes from the responsibility selection (the first rule, in file order, whose
condition holds): ``decided`` with that rule's roles (none when no rule applies), or ``depends``
with one case per rule that may apply and the inputs that would decide; an undecided answer
still gives each role every case agrees on (its party alone when only the parties agree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policylang.model.outcomes import HandlerOutcome, Role
from policylang.model.rules import Case, Rule, Selection

__all__ = ["Roles", "roles_of"]


@dataclass(frozen=True, slots=True)
class Roles:
    """The ``roles`` part of a decision, typed."""

    state: str  # decided | depends
    rule: Rule[HandlerOutcome] | None
    depends_on: tuple[str, ...] = ()
    cases: tuple[Case[HandlerOutcome], ...] = ()

    @property
    def outcome(self) -> HandlerOutcome | None:
        """The deciding rule's roles, or None (no rule applies, or it depends)."""
        return None if self.rule is None else self.rule.outcome

    @property
    def _exhaustive(self) -> bool:
        """Some case surely applies (the last one closes the list): without it, that no rule
        states the roles is possible too, and no role is agreed by every possibility."""
        return bool(self.cases) and self.cases[-1].when == "otherwise"

    def _agreed(self, role: Callable[[HandlerOutcome], Role | None]) -> Role | None:
        if self.outcome is not None:
            return role(self.outcome)
        if not self._exhaustive:
            return None
        found = [role(c.rule.outcome) for c in self.cases]
        first = found[0] if found else None
        if first is None or any(r is None or r.party != first.party for r in found):
            return None
        return first if all(r == first for r in found) else Role(first.party)

    def _common(self, roles: Callable[[HandlerOutcome], tuple[Role, ...]]) -> tuple[Role, ...]:
        if self.outcome is not None:
            return roles(self.outcome)
        if not self._exhaustive:
            return ()
        each = [roles(c.rule.outcome) for c in self.cases]
        return tuple(r for r in each[0] if all(r in other for other in each))

    @property
    def responsible(self) -> Role | None:
        """Whose duty the request is under the contract."""
        return self._agreed(lambda o: o.responsible)

    @property
    def performer(self) -> Role | None:
        """Who works the request."""
        return self._agreed(lambda o: o.performer)

    @property
    def receiver(self) -> Role | None:
        """Who takes the request in (None where the policy does not say)."""
        return self._agreed(lambda o: o.receiver)

    @property
    def assists(self) -> tuple[Role, ...]:
        """Who helps the performer."""
        return self._common(lambda o: o.assists)

    @property
    def consulted(self) -> tuple[Role, ...]:
        """Who is asked for advice."""
        return self._common(lambda o: o.consulted)


def roles_of(selection: Selection[HandlerOutcome]) -> Roles:
    """The roles a responsibility selection gives."""
    if selection.decided:
        return Roles("decided", selection.rule)
    return Roles("depends", None, selection.depends_on, selection.cases)
