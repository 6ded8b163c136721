"""Roles: who is responsible for a request, who performs it, receives it, assists, is consulted.

The answer comes from the responsibility selection (the first rule, in file order, whose
condition holds): ``decided`` with that rule's roles (none when no rule applies), or ``depends``
with one case per rule that may apply and the inputs that would decide.
"""

from __future__ import annotations

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
    def responsible(self) -> Role | None:
        """Whose duty the request is under the contract."""
        return None if self.outcome is None else self.outcome.responsible

    @property
    def performer(self) -> Role | None:
        """Who works the request."""
        return None if self.outcome is None else self.outcome.performer

    @property
    def receiver(self) -> Role | None:
        """Who takes the request in (None where the policy does not say)."""
        return None if self.outcome is None else self.outcome.receiver

    @property
    def assists(self) -> tuple[Role, ...]:
        """Who helps the performer."""
        return () if self.outcome is None else self.outcome.assists

    @property
    def consulted(self) -> tuple[Role, ...]:
        """Who is asked for advice."""
        return () if self.outcome is None else self.outcome.consulted


def roles_of(selection: Selection[HandlerOutcome]) -> Roles:
    """The roles a responsibility selection gives."""
    if selection.decided:
        return Roles("decided", selection.rule)
    return Roles("depends", None, selection.depends_on, selection.cases)
