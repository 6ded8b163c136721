"""Stable anchors and page paths, so a decision's ``source`` can link to its paragraph.

A rule's anchor is ``rule-<section>-<name>``: ``#rule-sla-critical``,
``#rule-charge-otherwise``. Names are identifiers, unique per kind of rule, so anchors never
collide and never change while the rule keeps its name. Decision kinds ``sla-response`` and
``sla-resolution`` both point at their ``sla`` rule.

Pages: ``<id>.md`` is the latest version of a policy; an older version, when there is one, is
``<id>-<version>.md`` (the version label made file-safe); the customers of a policy, when
``*.customers`` files give it some, are ``<id>.customers.md``. A policy id is an identifier (no
``.``, no ``-``), so no two of these names can be the same.
"""

from __future__ import annotations

import re

__all__ = [
    "calendar_anchor",
    "clause_anchor",
    "customer_anchor",
    "customers_page_name",
    "note_anchor",
    "page_name",
    "rule_anchor",
    "rule_url",
]

_SECTIONS = {
    "sla-response": "sla",
    "sla-resolution": "sla",
    "response": "sla",
    "resolution": "sla",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def rule_anchor(kind: str, name: str) -> str:
    """``rule_anchor("sla-response", "critical")`` -> ``rule-sla-critical``.

    ``kind`` is a rule keyword (``responsibility``, ``sla``, ``charge``, ``lifecycle``,
    ``obligation``, ``refusal``) or a compiled rule's kind (``sla-response``...).
    """
    return f"rule-{_SECTIONS.get(kind, kind)}-{name}"


def clause_anchor(clause_id: str) -> str:
    """The anchor of a quoted clause: ``clause-reaction_critical``."""
    return f"clause-{clause_id}"


def note_anchor(note_id: str) -> str:
    """The anchor of a note: ``note-zone_moscow``."""
    return f"note-{note_id}"


def calendar_anchor(calendar_id: str) -> str:
    """The anchor of a calendar: ``calendar-office``."""
    return f"calendar-{calendar_id}"


def customer_anchor(customer_id: str) -> str:
    """The anchor of a customer on its policy's customers page: ``customer-acme``."""
    return f"customer-{customer_id}"


def customers_page_name(policy_id: str) -> str:
    """The page of a policy's customers, relative to the policies directory."""
    return f"{policy_id}.customers.md"


def page_name(policy_id: str, version: str, *, latest: bool) -> str:
    """The page file of a policy version, relative to the policies directory."""
    if latest:
        return f"{policy_id}.md"
    return f"{policy_id}-{_UNSAFE.sub('-', version).strip('-') or 'version'}.md"


def rule_url(policy_id: str, version: str, kind: str, name: str, *, latest: bool = True) -> str:
    """A link from the site's root to a rule: ``policies/bpmsoft_care/#rule-sla-critical``.

    Pages are served with directory URLs (mkdocs' default), hence the trailing slash.
    """
    page = page_name(policy_id, version, latest=latest).removesuffix(".md")
    return f"policies/{page}/#{rule_anchor(kind, name)}"
