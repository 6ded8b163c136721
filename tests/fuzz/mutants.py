"""Policy texts for the fuzz tests: grammar-aware mutants of real and of small generated policies.

A mutant is made by a few edits, each chosen from what the grammar makes interesting:

* a token replaced by another of its kind: a number by a limit (0, 0.0001, 18,250, 99999999), a
  time by 00:00 / 24:00 / 23:59, a date by one at the ends of the calendars' years (0000-01-01,
  1969-12-31, 2200-12-31, 9999-12-31), a string by a zone (``localtime``) or an escape, a name
  by a keyword or by another name of the same file (so references resolve, or clash);
* a token deleted, doubled, or a keyword or punctuation inserted;
* a line or a top-level declaration deleted, doubled or moved;
* a condition or a responsibility item nested far deeper than any author would write.

`small_policies` draws whole policies that mostly pass the checker (a header, calendars with
split and overnight shifts, inputs of every kind, rules with conditions and targets in every
unit and clock), so the later stages see many policies, not only the five bundled ones.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from policylang.lang.source import MAX_SOURCE_BYTES
from policylang.lang.syntax.parser import MAX_NESTING
from policylang.resources import data_path
from policylang.vocabulary import EVENTS, LIFECYCLE_KINDS, PARTIES, ROLES
from tests.conftest import ROOT

__all__ = [
    "BUNDLED",
    "KITCHEN_SINK",
    "TOKENS",
    "mutants_of",
    "small_policies",
    "token_soup",
]

#: The bundled policies and the kitchen-sink file: (path as pages show it, text).
BUNDLED: tuple[tuple[str, str], ...] = tuple(
    (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
    for p in sorted(ROOT.glob("policies/*.policy"))
)
KITCHEN_SINK = (ROOT / "tests/syntax/ok/kitchen_sink.policy").read_text(encoding="utf-8")

_TOKEN = re.compile(
    r"""
     (?P<comment>\#[^\n]*)
    |(?P<string>"(?:[^"\\\n]|\\.)*")
    |(?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2}))
    |(?P<date>\d{4}-\d{2}-\d{2})
    |(?P<time>\d{1,2}:\d{2})
    |(?P<number>\d+(?:\.\d+)?)
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<punct>24/7|==|!=|<=|>=|[{}\[\](),:<>=-])
    |(?P<space>\s+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Values that sit on a limit of some stage, by token kind.
INTERESTING: dict[str, tuple[str, ...]] = {
    "number": (
        "1", "2", "0", "0.5", "1.5", "0.001", "0.0001", "007", "24", "60", "366", "1440",
        "18250", "18251", "438000", "438001", "26280000", "26280001", "99999999",
        "100000000000000000000", "1" + "0" * 400, "0." + "0" * 300 + "1",
    ),
    "time": ("00:00", "00:01", "09:00", "12:00", "23:59", "24:00", "24:01", "25:00", "9:00"),
    "date": (
        "0000-01-01", "0001-01-01", "1969-12-31", "1970-01-01", "1990-12-31", "1991-01-01",
        "2024-02-29", "2025-02-29", "2026-02-30", "2026-03-29", "2026-10-25", "2026-13-01",
        "2100-12-31", "2101-01-01", "2200-12-31", "2201-01-01", "9999-12-31",
    ),
    "datetime": (
        "0001-01-01T00:00:00Z", "1969-12-31T23:59:59+14:00", "2026-03-29T02:30:00+01:00",
        "2026-02-30T10:00:00Z", "9999-12-31T23:59:59-12:00",
    ),
    "string": (
        '""', '"localtime"', '"posixrules"', '"UTC"', '"Factory"', '"Etc/GMT+12"',
        '"Pacific/Kiritimati"', '"America/Mexico_City"', '"Europe/Moscow"', '"posix/UTC"',
        '"right/UTC"', '"MEX"', '"\\u0000"', '"\\ud800"', '"\\u{10FFFF}"', '"a\\"b"',
        '"' + "long " * 60 + '"',
    ),
    "name": (
        "daily", "mon", "sun", "overnight", "otherwise", "opened", "provider", "customer",
        "RU", "VN", "MX", "US", "DE", "XX", "true", "false", "x", "_", "Z9",
        *EVENTS, *LIFECYCLE_KINDS, *PARTIES, *ROLES,
    ),
}  # fmt: skip


@cache
def keywords() -> tuple[str, ...]:
    """Every keyword and punctuation mark of the grammar, read from the grammar itself."""
    grammar = data_path("grammars", "policy.lark").read_text(encoding="utf-8")
    return tuple(sorted(set(re.findall(r'"([^"\s]+)"', grammar))))


#: What the token-soup and insertion mutations draw from.
TOKENS: tuple[str, ...] = (
    *keywords(),
    "\n", " ", "\t", "\\", '"', "#", "\x00", "\ufeff", "Время", "ơ", "2026-01-01", "08:30",
    "1.5", '"x"',
)  # fmt: skip


def tokens(text: str) -> list[tuple[str, str]]:
    """``text`` as (kind, text) pairs; joining the texts gives ``text`` back. A word is a
    ``keyword`` when the grammar spells it, else a ``name``: swapping a name for a name keeps
    the text parsing (and tests references), swapping a keyword for one often does too."""
    words = set(keywords())
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        if kind == "name" and match.group() in words:
            kind = "keyword"
        out.append((kind, match.group()))
    return out


def _nested_not(condition: str, depth: int) -> str:
    return "not " * depth + condition


def _nested_groups(condition: str, depth: int) -> str:
    atom = condition if len(condition) <= 60 else "x"  # linear growth, whatever came before
    out = condition
    for level in range(depth):
        out = f"({out} {'and' if level % 2 else 'or'} {atom})"
    return out


def _nested_items(depth: int) -> str:
    return "".join(f"item deep{i} {{\n" for i in range(depth)) + "}\n" * depth


_DEPTHS = st.sampled_from([2, MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, 500, 3000])


@st.composite
def _edit(draw: st.DrawFn, text: str) -> str:
    """One grammar-aware edit of ``text``."""
    kind = draw(
        st.sampled_from(
            ["swap"] * 6
            + ["keyword", "delete", "double", "insert", "line", "block"]
            + ["nest"] * (("when " in text or "item " in text) and 1)
        )
    )
    if kind in ("line", "block"):
        return draw(_move_lines(text, whole_blocks=kind == "block"))
    if kind == "nest":
        return draw(_nest(text))
    pieces = tokens(text)
    solid = [i for i, (k, _) in enumerate(pieces) if k not in ("space", "comment")]
    if not solid:
        return text + draw(st.sampled_from(TOKENS))
    index = draw(st.sampled_from(solid))
    token_kind, token_text = pieces[index]
    if kind == "swap":
        same_kind = [t for k, t in pieces if k == token_kind][:200]
        pool = list(INTERESTING.get(token_kind, ())) + same_kind
        replacement = draw(st.sampled_from(pool)) if pool else token_text
    elif kind == "keyword":
        replacement = draw(st.sampled_from(keywords()))
    elif kind == "delete":
        replacement = ""
    elif kind == "double":
        replacement = f"{token_text} {token_text}"
    else:
        inserted = draw(st.sampled_from(TOKENS) | st.text(max_size=4))
        replacement = f"{inserted} {token_text}"
    pieces[index] = (token_kind, replacement)
    return "".join(t for _, t in pieces)


@st.composite
def _move_lines(draw: st.DrawFn, text: str, *, whole_blocks: bool) -> str:
    """Delete, double or move one line, or one top-level declaration with its body."""
    lines = text.splitlines(keepends=True)
    if whole_blocks:
        starts = [i for i, line in enumerate(lines) if line[:1].isalpha()] + [len(lines)]
        units = [lines[a:b] for a, b in itertools.pairwise(starts)]
        head = lines[: starts[0]]
    else:
        units = [[line] for line in lines]
        head = []
    if not units:
        return text
    index = draw(st.integers(0, len(units) - 1))
    action = draw(st.sampled_from(["delete", "double", "move"]))
    unit = units.pop(index)
    if action == "double":
        units.insert(index, unit)
        units.insert(index, unit)
    elif action == "move":
        units.insert(draw(st.integers(0, len(units))), unit)
    return "".join(head) + "".join("".join(u) for u in units)


@st.composite
def _nest(draw: st.DrawFn, text: str) -> str:
    """A condition or an item list nested far deeper than an author would."""
    depth = draw(_DEPTHS)
    whens = list(re.finditer(r"(?m)^(\s*when )(.+)$", text))
    items = list(re.finditer(r"(?m)^(\s*)item [A-Za-z_]\w*.*$", text))
    targets = [("when", m) for m in whens] + [("item", m) for m in items]
    if not targets:
        return text
    what, match = draw(st.sampled_from(targets))
    if what == "when":
        condition = match.group(2)
        nested = draw(st.sampled_from([_nested_not, _nested_groups]))(condition, depth)
        return text[: match.start(2)] + nested + text[match.end(2) :]
    return text[: match.start()] + match.group(1) + _nested_items(depth) + text[match.end() :]


@st.composite
def mutants_of(draw: st.DrawFn, text: str, max_edits: int = 4) -> str:
    """``text`` after one to ``max_edits`` grammar-aware edits; an edit that would make it
    larger than a policy file may be (`MAX_SOURCE_BYTES`) is undone."""
    for _ in range(draw(st.integers(1, max_edits))):
        edited = draw(_edit(text))
        if len(edited.encode("utf-8")) <= MAX_SOURCE_BYTES:
            text = edited
    return text


def token_soup() -> st.SearchStrategy[str]:
    """Keywords, punctuation and odd characters in any order."""
    return st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)


# ---------------------------------------------------------------------- small policies

_ZONES = ("Europe/Moscow", "America/Mexico_City", "Asia/Ho_Chi_Minh", "UTC", "Pacific/Kiritimati")
#: Weekly hours: lists of day sets that do not share a day (one with two shares are PL405).
_DAY_SETS = (
    (),
    ("mon-fri",),
    ("daily",),
    ("mon-fri", "sat"),
    ("mon, wed-fri", "tue"),
    ("sat-sun",),
    ("fri", "sat", "sun"),
    ("mon-fri", "fri"),
)
_INTERVALS = (
    "09:00-18:00",
    "08:00-12:00, 13:30-16:30",
    "00:00-24:00",
    "22:00-06:00 overnight",
    "23:59-00:01 overnight",
    "12:00-12:01",
    "10:00-10:00 overnight",
)
_UNITS = ("minutes", "hours", "business days", "calendar days")
_INPUTS = """
input channel: enum [email, portal, phone] default email
input vip: bool optional
input seats: number optional
input go_live: date optional
input deadline: datetime optional
input note_text: text optional
"""
_CONDITIONS = (
    "channel == phone",
    "channel in [email, portal]",
    "channel not in [phone]",
    "vip",
    "not vip",
    "seats > 10",
    "seats <= 0.5",
    "days since go_live <= 30",
    "hours since deadline > 2",
    "opened_at >= 2026-06-01T00:00:00+03:00",
    "go_live < 2026-01-01",
    'note_text == "x"',
    "priority == high",
    "type == bug",
    "opened_at during office",
    "deadline during office",
)


def _sometimes(draw: st.DrawFn, usual: st.SearchStrategy[str], edge: tuple[str, ...]) -> str:
    """Mostly a usual value (so most policies pass the checker), one time in eight an edge."""
    return draw(st.sampled_from(edge)) if draw(st.integers(0, 7)) == 7 else draw(usual)


def _amount(draw: st.DrawFn, unit: str) -> str:
    usual = ["1", "2", "5", "30"] if unit.endswith("days") else ["1", "4", "30", "0.5", "1.5", "48"]
    return _sometimes(draw, st.sampled_from(usual), INTERESTING["number"])


def _date(draw: st.DrawFn) -> str:
    usual = ["2026-01-07", "2026-03-09", "2026-05-01", "2026-12-31", "2027-01-01"]
    return _sometimes(draw, st.sampled_from(usual), INTERESTING["date"])


@st.composite
def _duration(draw: st.DrawFn, calendars: list[str]) -> str:
    unit = draw(st.sampled_from(_UNITS))
    amount = _amount(draw, unit)
    if unit == "calendar days":
        return f"{amount} {unit}"
    if unit == "business days" or draw(st.booleans()):
        return f"{amount} {unit} on {draw(st.sampled_from(calendars))}"
    return f"{amount} {unit} around the clock"


#: Resolutions without a duration, plain and with the input that sets the time.
_UNTIMED = (
    "no commitment",
    "not stated",
    "per request",
    "best effort",
    "per request agreed by deadline",
    "per request agreed by deadline extendable",
    "best effort estimated by deadline extendable",
)


@st.composite
def _response(draw: st.DrawFn, calendars: list[str]) -> str:
    """A timed response, or a service window (no duration) on one of the calendars."""
    if draw(st.integers(0, 3)) == 0:
        return f"during {draw(st.sampled_from(calendars))}"
    return f"within {draw(_duration(calendars))}"


@st.composite
def _condition(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_CONDITIONS), min_size=1, max_size=3))
    joiner = draw(st.sampled_from([" and ", " or "]))
    condition = joiner.join(parts)
    if draw(st.booleans()):
        condition = f"not ({condition})"
    return condition


@st.composite
def _calendar(draw: st.DrawFn, name: str, base: str | None) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append(f'  zone "{draw(st.sampled_from(_ZONES))}"')
    if base is None and draw(st.integers(0, 5)) == 0:
        lines.append("  hours 24/7")
    else:
        for days in draw(st.sampled_from(_DAY_SETS[1:] if base is None else _DAY_SETS)):
            interval = _sometimes(draw, st.sampled_from(_INTERVALS[:3]), _INTERVALS)
            lines.append(f"  hours {days} {interval}")
    if draw(st.booleans()):
        lines.append(f"  holidays {draw(st.sampled_from(['RU', 'VN', 'MX', 'US']))}")
        if draw(st.booleans()):
            lines.append(f"  preholiday shortened {draw(st.sampled_from(['1 hour', '90 minutes']))}")
    if draw(st.booleans()):
        lines.append(f"  closed {_date(draw)}")
    if draw(st.booleans()):
        lines.append(f"  open {_date(draw)} {draw(st.sampled_from(_INTERVALS[:3]))}")
    extends = f" extends {base}" if base else ""
    return f"calendar {name}{extends} {{\n" + "\n".join(lines) + "\n}\n"


@st.composite
def small_policies(draw: st.DrawFn) -> str:
    """A small policy using every kind of declaration; most pass the checker."""
    usual = st.sampled_from(["2026-01-01", "2026-03-01", "1991-01-01", "2099-12-01"])
    effective = _sometimes(draw, usual, INTERESTING["date"])
    if draw(st.booleans()):
        effective += " assumed"  # an undated source: earlier requests answered, flagged
    zone = draw(st.sampled_from(_ZONES))
    parts = [
        'policy fuzz {\n  title "Fuzz"\n  provider "Fuzz Ltd"\n  source "generated"\n'
        f'  language en\n  version "1"\n  effective {effective}\n  zone "{zone}"\n}}\n',
        'clause terms "We answer within the hours below."\n',
        'note interpretation reading "Hours" {\n  about terms\n  reading "As written."\n}\n',
    ]
    calendars = ["office"]
    parts.append(draw(_calendar("office", None)))
    if draw(st.booleans()):
        calendars.append("layer")
        parts.append(draw(_calendar("layer", "office")))
    parts.append(_INPUTS)
    parts.append('priority high "High"\npriority low "Low"\n')
    parts.append('type bug "Bug" {\n  priority high\n}\ntype question "Question"\n')
    for index in range(draw(st.integers(0, 2))):
        condition = draw(_condition())
        response = draw(_duration(calendars))
        resolution = draw(_duration(calendars) | st.just("best effort"))
        resolution = resolution if resolution == "best effort" else f"within {resolution}"
        if resolution != "best effort" and draw(st.booleans()):
            # A clock anchored at an event: waits for it, or counts from it.
            resolution += f" from {draw(st.sampled_from(['processing_started', 'responded']))}"
        parts.append(
            f"sla rule{index} {{\n  when {condition}\n  response within {response}\n"
            f"  resolution {resolution}\n  cite terms\n}}\n"
        )
    parts.append(
        f"sla otherwise {{\n  response {draw(_response(calendars))}\n"
        f"  resolution {draw(st.sampled_from(_UNTIMED))}\n}}\n"
    )
    roles = draw(
        st.sampled_from(
            [
                'party provider\n  team "Desk"',
                'responsible customer\n  performer provider "Desk"',
                'performer third_party\n  assists provider "Desk"\n  consulted vendor',
                'responsible provider\n  receiver provider "Any employee"\n  assists customer',
            ]
        )
    )
    parts.append(
        f'responsibility desk {{\n  {roles}\n  item forms "Forms" {{\n'
        "    item invoices\n  }\n}\nresponsibility otherwise {\n  party customer\n}\n"
    )
    fee = draw(
        st.sampled_from(
            [
                "fee per request",
                "fee per hour\n  rate 1500.00 RUB",
                "fee fixed\n  rate 20 USD",
                "fee unspecified\n  replaces free",
                "included",
            ]
        )
    )
    parts.append(
        f"charge paid {{\n  when {draw(_condition())}\n  {fee}\n}}\n"
        f"charge free {{\n  when {draw(_condition())}\n  included\n}}\n"
        "charge otherwise {\n  included\n}\n"
    )
    kind = draw(st.sampled_from(LIFECYCLE_KINDS))
    event = draw(st.sampled_from(["opened", "resolved", "waiting_on_customer", "responded"]))
    timing = (
        ""  # one after another: no time (PL516)
        if kind == "sequential"
        else f"  {draw(st.sampled_from(['after', 'within']))} {draw(_duration(calendars))} "
        f"from {event}\n"
    )
    parts.append(f"lifecycle {kind} rule {{\n  party customer\n{timing}}}\n")
    parts.append(
        "pause waiting {\n  clocks resolution\n  from waiting_on_customer until customer_replied\n}\n"
    )
    during = f"\n  during {draw(st.sampled_from(calendars))}" if draw(st.booleans()) else ""
    parts.append(f'obligation greet {{\n  party provider\n  description "Say hello."{during}\n}}\n')
    parts.append(f'refusal spam {{\n  when {draw(_condition())}\n  reason "Spam."\n}}\n')
    return "\n".join(parts)


def bundled_path(index: int) -> Path:
    """The path of a bundled policy, as the mutant's file name (its tests file is beside it)."""
    return Path(BUNDLED[index][0])
