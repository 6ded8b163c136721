"""A redline between two versions of a policy: what changed for customers.

Both versions are reduced to plain-text facts per item (`policylang.tools.docgen.facts`): targets
per ticket type or priority, the commitment rules, calendars' hours, responsibilities, charges,
lifecycle rules, obligations and refusals. Items are matched by name; a fact that differs is a
change, an item only in one version is added or removed, and for ordered rules a new order is a
change too (the first matching rule decides). Output: text in the shape of a unified diff
(``-``/``+`` lines under a header per section: what a reviewer reads in a terminal, pastes into a
``diff`` code block, or pipes to a diff viewer), Markdown (``<del>``/``<ins>``, which
Python-Markdown and GitHub both render) and JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from policylang.text.english import short_date
from policylang.tools.docgen.facts import SECTIONS, Section, policy_facts
from policylang.tools.docgen.loaded import Documented, load_documented
from policylang.tools.docgen.markdown import cell, code, heading, inline, link, table

__all__ = [
    "Change",
    "Redline",
    "compare",
    "compare_files",
    "redline_json",
    "redline_markdown",
    "redline_section",
    "redline_text",
]

# Sections whose rules are tried in order: a new order can change the answer.
_ORDERED = ("commitments", "pauses", "responsibilities", "charges", "obligations", "refusals")


@dataclass(frozen=True, slots=True)
class Change:
    """One change: an item added, removed, reordered, or one of its facts changed."""

    section: str
    item: str
    title: str
    change: str  # added | removed | changed | order
    field: str | None
    old: str | None
    new: str | None
    anchor: str | None  # the item's anchor on the new version's page (None: removed)


@dataclass(frozen=True, slots=True)
class Redline:
    """Every change between two versions of one policy."""

    policy: str
    old_version: str
    new_version: str
    old_effective: str
    new_effective: str
    changes: tuple[Change, ...]


def _summary(facts: dict[str, str]) -> str:
    return "; ".join(f"{key}: {value}" for key, value in facts.items())


def _section_changes(section: str, old: Section, new: Section) -> list[Change]:
    changes: list[Change] = []
    for key, item in new.items():
        before = old.get(key)
        if before is None:
            changes.append(
                Change(
                    section, key, item.title, "added", None, None, _summary(item.facts), item.anchor
                )
            )
            continue
        for name in dict.fromkeys([*before.facts, *item.facts]):
            was, now = before.facts.get(name), item.facts.get(name)
            if was != now:
                changes.append(
                    Change(section, key, item.title, "changed", name, was, now, item.anchor)
                )
    for key, item in old.items():
        if key not in new:
            changes.append(
                Change(section, key, item.title, "removed", None, _summary(item.facts), None, None)
            )
    if section in _ORDERED:
        kept_old = [k for k in old if k in new]
        kept_new = [k for k in new if k in old]
        if kept_old != kept_new:
            changes.append(
                Change(
                    section,
                    "",
                    "Order of the rules",
                    "order",
                    None,
                    ", ".join(kept_old),
                    ", ".join(kept_new),
                    None,
                )
            )
    return changes


def compare(old: Documented, new: Documented) -> Redline:
    """The redline from ``old`` to ``new`` (usually two versions of one policy)."""
    before, after = policy_facts(old), policy_facts(new)
    changes: list[Change] = []
    for section, _ in SECTIONS:
        changes += _section_changes(section, before[section], after[section])
    return Redline(
        new.id,
        old.version,
        new.version,
        old.compiled.effective.isoformat(),
        new.compiled.effective.isoformat(),
        tuple(changes),
    )


def _load_one(path: str | Path) -> Documented:
    docs, _ = load_documented([path])
    if len(docs) != 1:  # pragma: no cover - one file holds exactly one policy
        raise ValueError(f"{path}: expected one policy")
    return docs[0]


def compare_files(old: str | Path, new: str | Path) -> Redline:
    """Load two policy files (each on its own) and compare them; raises `PolicyError`."""
    return compare(_load_one(old), _load_one(new))


def redline_json(redline: Redline) -> dict[str, Any]:
    """The redline as a JSON-ready dict."""
    return {
        "policy": redline.policy,
        "old": {"version": redline.old_version, "effective": redline.old_effective},
        "new": {"version": redline.new_version, "effective": redline.new_effective},
        "changes": [asdict(change) for change in redline.changes],
    }


def _cells(change: Change, links: bool) -> list[str]:
    title = inline(change.title)
    if links and change.anchor:
        title = link(title, "#" + change.anchor)
    if change.item and change.section not in ("policy", "targets"):
        title += f" {code(change.item)}"
    if change.change == "added":
        return [title, "*added*", "\u2014", f"<ins>{cell(change.new or '')}</ins>"]
    if change.change == "removed":
        return [title, "*removed*", f"<del>{cell(change.old or '')}</del>", "\u2014"]
    field = "*order*" if change.change == "order" else inline(change.field or "")
    old = f"<del>{cell(change.old)}</del>" if change.old else "*not stated*"
    new = f"<ins>{cell(change.new)}</ins>" if change.new else "*not stated*"
    return [title, field, old, new]


def _body(redline: Redline, level: int, links: bool) -> list[str]:
    if not redline.changes:
        return ["Nothing changed for customers.", ""]
    lines: list[str] = []
    for section, title in SECTIONS:
        changes = [c for c in redline.changes if c.section == section]
        if not changes:
            continue
        lines += [heading(level, title), ""]
        lines += table(
            [
                "Item",
                "What",
                f"Version {inline(redline.old_version)}",
                f"Version {inline(redline.new_version)}",
            ],
            [_cells(change, links) for change in changes],
        )
    return lines


def _dates(redline: Redline) -> str:
    old, new = date.fromisoformat(redline.old_effective), date.fromisoformat(redline.new_effective)
    return (
        f"Version {inline(redline.old_version)} is in force from {short_date(old)}, version "
        f"{inline(redline.new_version)} from {short_date(new)}."
    )


def redline_markdown(redline: Redline) -> str:
    """A standalone Markdown redline (what `policylang diff` prints)."""
    title = (
        f"Changes to {code(redline.policy)}: version {inline(redline.old_version)} "
        f"\u2192 {inline(redline.new_version)}"
    )
    lines = [heading(1, title), "", _dates(redline), "", *_body(redline, 2, links=False)]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def redline_section(redline: Redline) -> list[str]:
    """The redline as a section of the new version's page, linking to its items."""
    lines = [
        heading(2, f"Changes from version {inline(redline.old_version)}", "changes"),
        "",
        _dates(redline),
        "",
    ]
    return lines + _body(redline, 3, links=True)


#: Styles a line of the text redline by its role: ``header`` (the ---/+++ lines), ``section``
#: (the @@ lines), ``item``, ``removed``, ``added``. The CLI colours them on a terminal.
Style = Callable[[str, str], str]


def _unstyled(text: str, role: str) -> str:
    return text


def _what(change: Change) -> str:
    """The item and what of it changed: ``Critical priority `critical`: First response``."""
    what = change.title
    if change.item and change.section not in ("policy", "targets"):
        what += f" `{change.item}`"
    if change.change in ("added", "removed"):
        return f"{what}: {change.change}"
    return what if change.change == "order" else f"{what}: {change.field}"


def _marked(mark: str, value: str | None) -> list[str]:
    """``- value`` (every line of a value on several lines), or ``- (not stated)``."""
    return [f"{mark} {line}" for line in (value or "(not stated)").split("\n")]


def redline_text(redline: Redline, style: Style = _unstyled) -> str:
    """The redline as text shaped like a unified diff: a ``---``/``+++`` header naming both
    versions, an ``@@ section @@`` line per section, and per change the item, then its old
    value on ``-`` lines and its new one on ``+`` lines (an added item has only ``+`` lines, a
    removed one only ``-`` lines). ``style`` decorates each line by its role (colour)."""
    policy = redline.policy
    old, new = date.fromisoformat(redline.old_effective), date.fromisoformat(redline.new_effective)
    lines = [
        style(f"--- {policy} {redline.old_version} (in force from {short_date(old)})", "header"),
        style(f"+++ {policy} {redline.new_version} (in force from {short_date(new)})", "header"),
    ]
    if not redline.changes:
        return "\n".join([*lines, "Nothing changed for customers."]) + "\n"
    for section, title in SECTIONS:
        changes = [c for c in redline.changes if c.section == section]
        if not changes:
            continue
        lines.append(style(f"@@ {title} @@", "section"))
        for change in changes:
            lines.append(style(f"  {_what(change)}", "item"))
            if change.change != "added":
                lines += [style(line, "removed") for line in _marked("-", change.old)]
            if change.change != "removed":
                lines += [style(line, "added") for line in _marked("+", change.new)]
    return "\n".join(lines) + "\n"
