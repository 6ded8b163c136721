"""The abstract syntax tree of a policy file.

Every node is a frozen, slotted dataclass and carries the :class:`~policylang.lang.source.Span` it
was parsed from; spans are excluded from equality, so ``parse(format(parse(text)))`` equals
``parse(text)`` whatever the layout. The tree is purely syntactic: literals keep their source text
(``2025-02-30`` is a well-formed date literal here) and the checker decides what they mean. Block
bodies keep their statements in source order, which is what the formatter prints back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from policylang.lang.source import Span

__all__ = [
    "AlwaysOpen",
    "And",
    "AroundTheClock",
    "Atom",
    "BillableField",
    "BoolLiteral",
    "CalendarDecl",
    "CalendarStatement",
    "CategoryDecl",
    "ChargeDecl",
    "ClauseDecl",
    "Clock",
    "ClosedDates",
    "Comment",
    "Committed",
    "Comparison",
    "Condition",
    "CustomerCalendar",
    "CustomerDecl",
    "CustomerPolicy",
    "CustomerRate",
    "CustomerSet",
    "CustomerStatement",
    "DateField",
    "DateLiteral",
    "DateTimeLiteral",
    "DayRange",
    "Declaration",
    "DefaultValue",
    "Duration",
    "ElapsedSince",
    "EnumType",
    "EnumValue",
    "EventRef",
    "Fee",
    "HeaderField",
    "Holidays",
    "Hours",
    "InputDecl",
    "Interval",
    "Item",
    "Keyword",
    "Label",
    "LifecycleDecl",
    "Lifts",
    "Literal",
    "Membership",
    "Name",
    "NameField",
    "NamesField",
    "Not",
    "NoteDecl",
    "NumberLiteral",
    "ObligationDecl",
    "OnCalendar",
    "OpenDate",
    "Operand",
    "Optional",
    "Or",
    "PartyField",
    "PauseClocks",
    "PauseDecl",
    "PauseSpan",
    "Pending",
    "PolicyDecl",
    "PolicyFile",
    "PreholidayShortened",
    "PresenceTest",
    "PriorityDecl",
    "ProductDecl",
    "Rate",
    "Reference",
    "RefusalDecl",
    "Requires",
    "ResponsibilityDecl",
    "RoleField",
    "RuleDecl",
    "RuleStatement",
    "ScalarType",
    "SlaDecl",
    "StringLiteral",
    "Target",
    "TaxonDecl",
    "TaxonStatement",
    "Text",
    "TextField",
    "Then",
    "TimeLiteral",
    "Timing",
    "Truth",
    "TypeDecl",
    "Uncommitted",
    "WeekendWorkdays",
    "When",
    "ZoneField",
]

_NO_SPAN = Span("<none>", 0, 0, 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node: where it stands in the source."""

    span: Span = field(default=_NO_SPAN, compare=False, repr=False, kw_only=True)


# ------------------------------------------------------------------ leaves


@dataclass(frozen=True, slots=True)
class Name(Node):
    """An identifier as written (a declaration's id or a reference to one)."""

    value: str


@dataclass(frozen=True, slots=True)
class Keyword(Node):
    """A keyword chosen from a fixed set (a party, a unit, a weekday...)."""

    value: str


@dataclass(frozen=True, slots=True)
class Text(Node):
    """A string: one or more adjacent quoted parts, joined, escapes resolved."""

    value: str


@dataclass(frozen=True, slots=True)
class Comment(Node):
    """A ``#`` comment, kept beside the tree so the formatter can put it back."""

    text: str


# ------------------------------------------------------------------ literals and operands


@dataclass(frozen=True, slots=True)
class StringLiteral(Node):
    """A text value in a condition."""

    value: str


@dataclass(frozen=True, slots=True)
class NumberLiteral(Node):
    """A number as written (``30``, ``1.5``)."""

    text: str


@dataclass(frozen=True, slots=True)
class DateLiteral(Node):
    """A calendar date as written (``2026-01-07``); validated by the checker."""

    text: str


@dataclass(frozen=True, slots=True)
class DateTimeLiteral(Node):
    """An instant with its UTC offset (``2026-01-07T09:00:00+03:00``)."""

    text: str


@dataclass(frozen=True, slots=True)
class TimeLiteral(Node):
    """A local wall-clock time (``08:30``, ``24:00``); validated by the checker."""

    text: str


@dataclass(frozen=True, slots=True)
class BoolLiteral(Node):
    """``true`` or ``false``."""

    value: bool


Literal: TypeAlias = StringLiteral | NumberLiteral | DateLiteral | DateTimeLiteral | BoolLiteral


@dataclass(frozen=True, slots=True)
class Reference(Node):
    """A name in a condition: a request input, or an enum value on the other side."""

    name: Name


@dataclass(frozen=True, slots=True)
class ElapsedSince(Node):
    """``days since go_live``: whole local days (or hours) from a date input to opening."""

    unit: Keyword
    input: Name


Operand: TypeAlias = Reference | ElapsedSince | Literal


# ------------------------------------------------------------------ conditions


@dataclass(frozen=True, slots=True)
class Comparison(Node):
    """``left OP right`` with OP one of ``== != < <= > >=``."""

    left: Operand
    operator: str
    right: Operand


@dataclass(frozen=True, slots=True)
class Membership(Node):
    """``operand in [a, b]`` or ``operand not in [a, b]``."""

    operand: Operand
    values: tuple[Operand, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class Truth(Node):
    """A boolean input used on its own as a condition."""

    name: Name


@dataclass(frozen=True, slots=True)
class PresenceTest(Node):
    """``feature_decision is pending`` / ``is set``: whether a pending input has happened yet."""

    name: Name
    state: Keyword  # pending | set


@dataclass(frozen=True, slots=True)
class DuringTest(Node):
    """``opened_at during office``: the instant a datetime input holds falls in the calendar's
    open hours."""

    name: Name
    calendar: Name


@dataclass(frozen=True, slots=True)
class Not(Node):
    """``not condition``."""

    operand: Condition


@dataclass(frozen=True, slots=True)
class And(Node):
    """``a and b and ...``."""

    operands: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    """``a or b or ...``."""

    operands: tuple[Condition, ...]


Condition: TypeAlias = Comparison | Membership | Truth | PresenceTest | DuringTest | Not | And | Or
#: The conditions with no condition inside them.
Atom: TypeAlias = Comparison | Membership | Truth | PresenceTest | DuringTest


# ------------------------------------------------------------------ durations and clocks


@dataclass(frozen=True, slots=True)
class Duration(Node):
    """``4 hours``, ``2 business days``, ``7 calendar days``: an amount and a unit."""

    amount: NumberLiteral
    unit: Keyword  # minutes, hours, days, "business days", "calendar days" (singular folded)


@dataclass(frozen=True, slots=True)
class OnCalendar(Node):
    """``on office``: count business time on a named calendar."""

    calendar: Name


@dataclass(frozen=True, slots=True)
class AroundTheClock(Node):
    """``around the clock``: count elapsed time, ignoring business hours."""


Clock: TypeAlias = OnCalendar | AroundTheClock


# ------------------------------------------------------------------ statements shared by blocks


@dataclass(frozen=True, slots=True)
class When(Node):
    """``when CONDITION``: the rule applies only when the condition holds."""

    condition: Condition


@dataclass(frozen=True, slots=True)
class NamesField(Node):
    """A statement naming other declarations: ``cite a, b``, ``note n``, ``about c``."""

    key: str
    names: tuple[Name, ...]


@dataclass(frozen=True, slots=True)
class TextField(Node):
    """A statement with a text: ``english "..."``, ``reason "..."``, ``team "..."``..."""

    key: str
    text: Text


@dataclass(frozen=True, slots=True)
class NameField(Node):
    """A statement naming one declaration: ``category errors``, ``product ucontact``..."""

    key: str
    name: Name


@dataclass(frozen=True, slots=True)
class PartyField(Node):
    """``party customer``: who acts (customer, provider, vendor, third_party)."""

    party: Keyword


@dataclass(frozen=True, slots=True)
class RoleField(Node):
    """``performer provider "Customer Care"``: a role in a responsibility, its party and team.

    ``role`` is ``responsible`` (whose duty under the contract), ``performer`` (who works the
    request), ``receiver`` (who takes it in), ``assists`` or ``consulted`` (repeatable).
    """

    role: Keyword
    party: Keyword
    team: Text | None

    @property
    def key(self) -> str:
        """The statement's key, for the once-only check: the role's name."""
        return self.role.value


@dataclass(frozen=True, slots=True)
class BillableField(Node):
    """``billable yes`` / ``billable no``."""

    value: Keyword


@dataclass(frozen=True, slots=True)
class Fee(Node):
    """``fee per request`` / ``fee per hour`` / ``fee fixed`` / ``fee unspecified`` / ``included``.

    ``kind`` is the decision's fee kind: ``per_request``, ``per_hour``, ``fixed``,
    ``unspecified`` (the source charges without a unit) or ``included`` (no fee).
    """

    kind: Keyword


@dataclass(frozen=True, slots=True)
class Rate(Node):
    """``rate 1500.00 RUB``: an exact amount and its ISO 4217 currency code."""

    amount: NumberLiteral
    currency: Name


@dataclass(frozen=True, slots=True)
class Label(Node):
    """``label vi "Lỗi nghiêm trọng"``: a name in another language (``label "..."`` on inputs)."""

    language: Name | None
    text: Text


# ------------------------------------------------------------------ header, clauses, notes


@dataclass(frozen=True, slots=True)
class HeaderField(Node):
    """One header statement: ``title``, ``provider``, ``source``, ``version`` (texts)."""

    key: str
    text: Text


@dataclass(frozen=True, slots=True)
class ZoneField(Node):
    """``zone "Europe/Moscow"`` (in the header or a calendar)."""

    zone: Text


@dataclass(frozen=True, slots=True)
class PolicyDecl(Node):
    """``policy ID { ... }``: who promises what, from which document, since when."""

    id: Name
    fields: tuple[HeaderField | ZoneField | NameField | DateField, ...]


@dataclass(frozen=True, slots=True)
class DateField(Node):
    """``effective 2026-01-01`` (``assumed`` when the source states no date: see ``assumed``)."""

    key: str
    date: DateLiteral
    #: ``effective DATE assumed``: the author chose the date; earlier requests are answered too.
    assumed: bool = False


@dataclass(frozen=True, slots=True)
class ClauseDecl(Node):
    """``clause ID "original text" { english "..." at "..." }``: a quoted source clause."""

    id: Name
    text: Text
    fields: tuple[TextField, ...]


@dataclass(frozen=True, slots=True)
class NoteDecl(Node):
    """An interpretation, defect, contradiction or omission note, about some clauses."""

    kind: Keyword
    id: Name
    title: Text | None
    fields: tuple[NamesField | TextField, ...]


# ------------------------------------------------------------------ calendars


@dataclass(frozen=True, slots=True)
class DayRange(Node):
    """``mon``, ``mon-fri`` or ``daily``."""

    first: Keyword
    last: Keyword | None


@dataclass(frozen=True, slots=True)
class Interval(Node):
    """``08:30-17:30`` or ``22:00-06:00 overnight``."""

    start: TimeLiteral
    end: TimeLiteral
    overnight: bool


@dataclass(frozen=True, slots=True)
class Hours(Node):
    """``hours mon-fri 08:00-12:00, 13:30-16:30``."""

    days: tuple[DayRange, ...]
    intervals: tuple[Interval, ...]


@dataclass(frozen=True, slots=True)
class AlwaysOpen(Node):
    """``hours 24/7``."""


@dataclass(frozen=True, slots=True)
class Holidays(Node):
    """``holidays RU`` or ``holidays MX subdivision "CMX"`` (python-holidays)."""

    country: Name
    subdivision: Text | None


@dataclass(frozen=True, slots=True)
class WeekendWorkdays(Node):
    """``weekend workdays 08:30-17:30``: hours of a working weekend day (transferred day)."""

    intervals: tuple[Interval, ...]


@dataclass(frozen=True, slots=True)
class ClosedDates(Node):
    """``closed 2026-12-30`` or ``closed 2026-12-30 to 2026-12-31 "label"``."""

    first: DateLiteral
    last: DateLiteral | None
    label: Text | None


@dataclass(frozen=True, slots=True)
class OpenDate(Node):
    """``open 2026-01-03 10:00-14:00 "label"``: a custom open date or date-specific hours."""

    date: DateLiteral
    intervals: tuple[Interval, ...]
    label: Text | None


@dataclass(frozen=True, slots=True)
class PreholidayShortened(Node):
    """``preholiday shortened 1 hour``: a working day before a public holiday ends earlier."""

    duration: Duration


CalendarStatement: TypeAlias = (
    ZoneField
    | Hours
    | AlwaysOpen
    | Holidays
    | WeekendWorkdays
    | ClosedDates
    | OpenDate
    | PreholidayShortened
    | NamesField
)


@dataclass(frozen=True, slots=True)
class CalendarDecl(Node):
    """``calendar ID [extends BASE] { ... }``: business hours, holidays and exceptions."""

    id: Name
    extends: Name | None
    title: Text | None
    body: tuple[CalendarStatement, ...]


# ------------------------------------------------------------------ inputs


@dataclass(frozen=True, slots=True)
class EnumValue(Node):
    """One allowed value of an enum input, with an optional human label."""

    id: Name
    label: Text | None


@dataclass(frozen=True, slots=True)
class EnumType(Node):
    """``enum [a "A", b, c]``."""

    values: tuple[EnumValue, ...]


@dataclass(frozen=True, slots=True)
class ScalarType(Node):
    """``bool``, ``date``, ``datetime``, ``text`` or ``number``."""

    name: Keyword


@dataclass(frozen=True, slots=True)
class Optional(Node):
    """``optional``: the request may leave this input out (answers may then be partial)."""


@dataclass(frozen=True, slots=True)
class Pending(Node):
    """``pending "not decided yet"``: absent means *not yet happened* (a known state, with these
    words for it), not *unknown* as for ``optional``."""

    text: Text


@dataclass(frozen=True, slots=True)
class DefaultValue(Node):
    """``default VALUE``: used when the request leaves this input out."""

    value: Operand


@dataclass(frozen=True, slots=True)
class InputDecl(Node):
    """``input NAME: TYPE [optional | default V] { label ... cite ... }``."""

    id: Name
    type: EnumType | ScalarType
    presence: Optional | DefaultValue | Pending | None
    body: tuple[Label | NamesField, ...]


# ------------------------------------------------------------------ taxonomy


TaxonStatement: TypeAlias = Label | NameField | TextField | NamesField


@dataclass(frozen=True, slots=True)
class TaxonDecl(Node):
    """Common shape of categories, ticket types, priorities and products."""

    id: Name
    title: Text | None
    body: tuple[TaxonStatement, ...]

    keyword = "taxon"


@dataclass(frozen=True, slots=True)
class CategoryDecl(TaxonDecl):
    """``category ID "Label" { ... }``: a group of ticket types."""

    keyword = "category"


@dataclass(frozen=True, slots=True)
class TypeDecl(TaxonDecl):
    """``type ID "Label" { category C  priority P  label vi "..." }``: a ticket type."""

    keyword = "type"


@dataclass(frozen=True, slots=True)
class PriorityDecl(TaxonDecl):
    """``priority ID "Label" { means "..." example "..." }``; declared highest first."""

    keyword = "priority"


@dataclass(frozen=True, slots=True)
class ProductDecl(TaxonDecl):
    """``product ID "Label"``: a product that responsibility lists refer to."""

    keyword = "product"


# ------------------------------------------------------------------ rules


@dataclass(frozen=True, slots=True)
class Item(Node):
    """``item ID "Label" { item ... }``: a matter on a responsibility list (nestable)."""

    id: Name
    label: Text | None
    children: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Uncommitted(Node):
    """``no commitment``, ``per request`` or ``best effort``: an explicit absence of a time."""

    kind: str  # "none", "per_request", "best_effort" or "not_stated"
    #: ``no commitment until feature_decision``: the input or event that would change it.
    until: Name | None = None
    #: ``per request agreed by agreed_due``: the datetime input that, once given, is the due time.
    agreed_by: Name | None = None
    #: ``best effort estimated by resolution_estimate``: the datetime input holding an estimate.
    estimated_by: Name | None = None
    #: ``extendable``: the source lets the time be extended (for objective reasons).
    extendable: bool = False


@dataclass(frozen=True, slots=True)
class Committed(Node):
    """``within DURATION [on CAL | around the clock] [from EVENT]``."""

    duration: Duration
    clock: OnCalendar | AroundTheClock | None
    #: ``from processing_started``: the ticket event the clock starts at (None: ``opened``).
    event: Name | None = None


@dataclass(frozen=True, slots=True)
class Window(Node):
    """``during staff_guide``: no time is promised, work happens only in the calendar's hours."""

    calendar: Name


#: What a target promises.
Commitment: TypeAlias = Committed | Uncommitted | Window


@dataclass(frozen=True, slots=True)
class Target(Node):
    """``response within 4 hours on office`` / ``resolution no commitment``."""

    kind: Keyword  # response | resolution
    commitment: Commitment


@dataclass(frozen=True, slots=True)
class EventRef(Node):
    """``first contact_failed`` / ``resolved``: a ticket event a lifecycle clock runs from."""

    position: Keyword | None
    event: Name


@dataclass(frozen=True, slots=True)
class Timing(Node):
    """``after 24 hours around the clock from completion_requested``."""

    kind: Keyword  # after | within
    duration: Duration
    clock: OnCalendar | AroundTheClock | None
    event: EventRef


@dataclass(frozen=True, slots=True)
class Requires(Node):
    """``requires 3 contact_failed``: how many events must have happened."""

    count: NumberLiteral
    event: Name


@dataclass(frozen=True, slots=True)
class Then(Node):
    """``then confirmed``: what a lifecycle rule's expiry does to the request (``on_expiry``)."""

    consequence: Keyword


@dataclass(frozen=True, slots=True)
class Lifts(Node):
    """``lifts resolution[, response]``: the SLA targets a refusal ground lifts when it holds."""

    targets: tuple[Keyword, ...]


@dataclass(frozen=True, slots=True)
class PauseClocks(Node):
    """``clocks response, resolution``: the SLA clocks a pause stops."""

    targets: tuple[Keyword, ...]


@dataclass(frozen=True, slots=True)
class PauseSpan(Node):
    """``from waiting_on_customer until customer_replied``: when a pause starts and ends."""

    start: Name
    end: Name


RuleStatement: TypeAlias = (
    When
    | NamesField
    | TextField
    | NameField
    | PartyField
    | RoleField
    | BillableField
    | Fee
    | Rate
    | Item
    | Target
    | Timing
    | Requires
    | PauseClocks
    | PauseSpan
    | Lifts
    | Then
)


@dataclass(frozen=True, slots=True)
class RuleDecl(Node):
    """Common shape of ordered rules: a name (or ``otherwise``), a title, statements."""

    name: Name
    title: Text | None
    body: tuple[RuleStatement, ...]

    keyword = "rule"


@dataclass(frozen=True, slots=True)
class ResponsibilityDecl(RuleDecl):
    """Who handles what: a party, a team, a product and its items, or a condition."""

    keyword = "responsibility"


@dataclass(frozen=True, slots=True)
class SlaDecl(RuleDecl):
    """Response and resolution targets for the requests the rule's condition selects."""

    keyword = "sla"


@dataclass(frozen=True, slots=True)
class ChargeDecl(RuleDecl):
    """A charge line: the fee (or ``included``) a request the rule selects owes, and why."""

    keyword = "charge"


@dataclass(frozen=True, slots=True)
class ObligationDecl(RuleDecl):
    """A duty of one party that the engine reports but does not time (a reply template...)."""

    keyword = "obligation"


@dataclass(frozen=True, slots=True)
class RefusalDecl(RuleDecl):
    """A ground on which the provider may refuse a request."""

    keyword = "refusal"


@dataclass(frozen=True, slots=True)
class PauseDecl(RuleDecl):
    """Which SLA clocks stop between which ticket events."""

    keyword = "pause"


@dataclass(frozen=True, slots=True)
class LifecycleDecl(RuleDecl):
    """A ticket lifecycle rule: auto-confirm, cancellation, reply deadline, acceptance..."""

    kind: Keyword = field(kw_only=True)

    keyword = "lifecycle"


@dataclass(frozen=True, slots=True)
class CustomerPolicy(Node):
    """``policy ID`` in a customer: the policy whose inputs the customer's facts fill."""

    id: Name


@dataclass(frozen=True, slots=True)
class CustomerSet(Node):
    """``set INPUT = VALUE`` in a customer: a fact the customer's contract fixes."""

    input: Name
    value: Operand


@dataclass(frozen=True, slots=True)
class CustomerRate(Node):
    """``rate RULE 1200.00 MXN [per hour]`` in a customer: the rate a charge rule leaves open,
    as the customer's contract fixes it (the unit only where the rule's fee states none)."""

    rule: Name
    amount: NumberLiteral
    currency: Name
    #: ``per_request``, ``per_hour``, ``fixed`` as written; None: the rule's own unit.
    unit: Keyword | None


@dataclass(frozen=True, slots=True)
class CustomerCalendar(Node):
    """``calendar CAL { closed ...  open ...  holidays ... }`` in a customer: a layer over the
    policy's calendar ``CAL`` for the customer's requests. It holds any calendar statement as
    parsed; the checker allows only ``closed``, ``open`` and ``holidays``."""

    calendar: Name
    body: tuple[CalendarStatement, ...]


CustomerStatement: TypeAlias = CustomerPolicy | CustomerSet | CustomerRate | CustomerCalendar


@dataclass(frozen=True, slots=True)
class CustomerDecl(Node):
    """``customer ID "Name" { policy P  set INPUT = VALUE ... }`` (``*.customers`` files)."""

    id: Name
    title: Text | None
    body: tuple[CustomerStatement, ...]


Declaration: TypeAlias = (
    PolicyDecl
    | ClauseDecl
    | NoteDecl
    | CalendarDecl
    | InputDecl
    | TaxonDecl
    | RuleDecl
    | CustomerDecl
)


@dataclass(frozen=True, slots=True)
class PolicyFile(Node):
    """A whole ``.policy`` file: its declarations in order, and its comments beside them."""

    path: str
    declarations: tuple[Declaration, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False, repr=False)
