"""Rule coverage: which rules of each policy version the cases exercised.

A rule is exercised when some case's decision (its v2 JSON) selected it: as an SLA target's or
the roles' rule, as a charge line, or as one of the cases (possible lines) of an undecided answer;
a lifecycle rule, an obligation or a refusal ground when some decision listed it as applying.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policylang.runtime.policyset import PolicySet

__all__ = [
    "Coverage",
    "CoverageCounter",
    "PolicyCoverage",
    "RuleRef",
    "exercised_rules",
    "policy_rules",
]


@dataclass(frozen=True, slots=True, order=True)
class RuleRef:
    """A rule of a policy, as coverage counts it: its kind, name and place in the policy file.

    ``kind`` is ``response`` or ``resolution`` (an SLA rule's two targets count apart),
    ``responsibility``, ``charge``, ``lifecycle``, ``obligation`` or ``refusal``.
    """

    kind: str
    name: str
    location: str = field(default="", compare=False)

    def __str__(self) -> str:
        if self.kind in ("response", "resolution"):
            return f"sla `{self.name}` ({self.kind})"
        return f"{self.kind} `{self.name}`"


def policy_rules(policy: Any) -> list[RuleRef]:
    """Every rule of a compiled policy that coverage counts, in file order per kind.

    Reads the compiled policy's rule lists only (``RuleIndex.all_rules``, ``lifecycle``,
    ``obligations``, ``refusals``).
    """
    out: list[RuleRef] = []
    for kind, index in (
        ("response", policy.response),
        ("resolution", policy.resolution),
        ("responsibility", policy.responsibility),
        ("charge", policy.charges),
    ):
        out.extend(RuleRef(kind, r.name, r.source.location) for r in index.all_rules)
    for kind, rules in (
        ("lifecycle", policy.lifecycle),
        ("obligation", policy.obligations),
        ("refusal", policy.refusals),
    ):
        out.extend(RuleRef(kind, r.name, r.source.location) for r in rules)
    return out


def exercised_rules(decision: Mapping[str, Any]) -> set[RuleRef]:
    """The rules a decision's v2 JSON shows selected, offered as a case, or applying (a part the
    request did not ``ask`` for is ``null``: it shows none)."""
    found: set[RuleRef] = set()

    def named(kind: str, items: Iterable[Mapping[str, Any]]) -> None:
        found.update(RuleRef(kind, item["rule"]) for item in items if item["rule"] is not None)

    sla = decision["sla"] or {}
    for kind in ("response", "resolution"):
        if kind in sla:
            named(kind, [sla[kind], *sla[kind].get("cases", ())])  # only `depends` has cases
    if decision["roles"] is not None:
        named("responsibility", [decision["roles"], *decision["roles"]["cases"]])
    if decision["charges"] is not None:
        named("charge", [*decision["charges"]["lines"], *decision["charges"]["possible"]])
    for kind in ("lifecycle", "obligation"):
        entries = decision["lifecycle" if kind == "lifecycle" else "obligations"] or ()
        named(kind, [entry for entry in entries if entry["applies"] is True])
    if decision["refusal"] is not None:
        named("refusal", decision["refusal"]["grounds"])
    return found


@dataclass(frozen=True, slots=True)
class PolicyCoverage:
    """The rules of one policy version and which of them the cases exercised."""

    policy: str  # id, or id@version when the policy has several versions
    rules: tuple[RuleRef, ...]
    exercised: frozenset[RuleRef]

    @property
    def missed(self) -> list[RuleRef]:
        """The rules no case exercised, in file order per kind."""
        return [r for r in self.rules if r not in self.exercised]

    @property
    def hit(self) -> int:
        """How many rules some case exercised."""
        return len(self.rules) - len(self.missed)

    @property
    def percent(self) -> float:
        """The share of rules exercised, 0-100 (100 for a policy without rules)."""
        return 100.0 * self.hit / len(self.rules) if self.rules else 100.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage per policy version, and overall."""

    policies: tuple[PolicyCoverage, ...]

    @property
    def total(self) -> int:
        """How many rules there are in all."""
        return sum(len(p.rules) for p in self.policies)

    @property
    def hit(self) -> int:
        """How many rules some case exercised, in all."""
        return sum(p.hit for p in self.policies)

    @property
    def percent(self) -> float:
        """The overall share of rules exercised, 0-100."""
        return 100.0 * self.hit / self.total if self.total else 100.0


class CoverageCounter:
    """Collects exercised rules per (policy id, version) while cases run."""

    def __init__(self) -> None:
        self.targets: dict[tuple[str, int], PolicySet] = {}
        self.exercised: dict[tuple[str, str], set[RuleRef]] = {}

    def target(self, policies: PolicySet, policy_id: str) -> None:
        if policy_id in policies.versions:
            self.targets.setdefault((policy_id, id(policies)), policies)

    def record(self, policies: PolicySet, decision: Mapping[str, Any]) -> None:
        key = (decision["policy"]["id"], decision["policy"]["version"])
        self.target(policies, key[0])
        self.exercised.setdefault(key, set()).update(exercised_rules(decision))

    def coverage(self) -> Coverage:
        out: dict[str, PolicyCoverage] = {}
        for (policy_id, _), policies in self.targets.items():
            versions = policies.versions[policy_id]
            for policy in versions:
                label = policy_id if len(versions) == 1 else f"{policy_id}@{policy.version}"
                rules = tuple(policy_rules(policy))
                hit = self.exercised.get((policy_id, policy.version), set())
                out[label] = PolicyCoverage(label, rules, frozenset(r for r in rules if r in hit))
        return Coverage(tuple(out[k] for k in sorted(out)))
