"""The registry of diagnostic codes: one stable code per situation, with its explanation.

Codes never change meaning once released; a retired code is kept here, marked retired. The
error reference (docs/errors.md) is generated from this table and the golden examples, and a test
checks that every code the package emits is listed here.

Ranges: PL0xx files, PL1xx syntax and literals, PL2xx names and references, PL3xx values and
types in conditions, PL4xx calendars and durations, PL5xx structure of the policy and its rules,
PL6xx findings of `policylang lint` (warnings and information, never errors).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CODES", "CodeInfo"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What a diagnostic code means and what usually fixes it."""

    title: str
    explanation: str


CODES: dict[str, CodeInfo] = {
    # ---------------------------------------------------------------- files
    "PL001": CodeInfo(
        "path not found or unreadable",
        "A path given on the command line does not exist or cannot be read.",
    ),
    "PL002": CodeInfo(
        "a directory where a file was expected",
        "A directory was opened as a policy file. Commands that take paths search directories "
        "for `.policy` files themselves.",
    ),
    "PL003": CodeInfo(
        "not UTF-8",
        "Policy files are UTF-8. The message gives the line and column of the first byte that is "
        "not, so a file saved in Latin-1 or Windows-1251 is easy to find and re-save.",
    ),
    "PL004": CodeInfo(
        "binary file",
        "The file contains NUL bytes: it is an executable, an archive or an image, not text.",
    ),
    "PL005": CodeInfo(
        "file too large",
        "Policy files are limited to 2 MiB. A real policy is a few dozen kilobytes; a larger file "
        "is almost certainly the wrong file, and parsing it would only waste time.",
    ),
    "PL006": CodeInfo("empty file", "The file holds nothing but white space."),
    "PL007": CodeInfo(
        "no policy files in a directory",
        "A directory given on the command line contains no `.policy` file at any depth.",
    ),
    # ---------------------------------------------------------------- syntax
    "PL101": CodeInfo(
        "unexpected character",
        "A character that cannot start any token here, such as a single quote or a lone `=`.",
    ),
    "PL102": CodeInfo(
        "unexpected word or symbol",
        "The parser met a token it cannot take at this point. The help lists what it could "
        "take, and suggests the keyword you probably meant.",
    ),
    "PL103": CodeInfo(
        "unexpected end of file",
        "The file ends in the middle of a declaration, usually because a `{` is never closed. "
        "The diagnostic points at the block that is still open.",
    ),
    "PL104": CodeInfo(
        "unterminated string",
        "A string must end on the line it starts. Long quotes are written as adjacent strings, "
        "which are joined.",
    ),
    "PL105": CodeInfo(
        "invalid escape in a string",
        'Strings know the escapes `\\"`, `\\\\`, `\\n`, `\\t` and `\\uXXXX`. Any other character '
        "is written as it is.",
    ),
    "PL106": CodeInfo(
        "invalid date",
        "A date literal has the right shape but names no day, such as `2026-02-30`.",
    ),
    "PL107": CodeInfo(
        "invalid time",
        "A clock time must be `00:00` to `23:59`, or `24:00` as the end of an interval.",
    ),
    "PL108": CodeInfo(
        "nesting too deep",
        "Conditions (`not`, and `and` or `or` inside parentheses) and responsibility items nest "
        "at most 50 levels, and a calendar stacks at most 50 layers through `extends`. Real "
        "contracts need three or four; the limit keeps the checker, the evaluator and every tool "
        "that walks a policy safe from runaway recursion and runaway work. `not not x` is `x`, "
        "and `a and b and c` needs no parentheses.",
    ),
    # ---------------------------------------------------------------- names and references
    "PL201": CodeInfo("unknown clause", "`cite` and `about` name clauses declared with `clause`."),
    "PL202": CodeInfo("unknown note", "`note` inside a rule names a declared `note`."),
    "PL203": CodeInfo(
        "unknown calendar",
        "`on CALENDAR` and `extends` name a declared calendar. Elapsed time is written "
        "`around the clock`. A customer's `calendar CAL { ... }` layers a calendar every loaded "
        "version of its policy declares.",
    ),
    "PL204": CodeInfo(
        "unknown input",
        "A condition names an input that is neither declared with `input` nor provided by the "
        "engine (`type`, `category`, `priority`, `product`, `item`, `opened_at`).",
    ),
    "PL205": CodeInfo("unknown category", "A ticket type names a category that is not declared."),
    "PL206": CodeInfo("unknown priority", "A ticket type names a priority that is not declared."),
    "PL207": CodeInfo("unknown product", "A responsibility names a product that is not declared."),
    "PL208": CodeInfo(
        "unknown event",
        "A lifecycle rule names a ticket event the engine does not know; see the event list in "
        "the language reference.",
    ),
    "PL209": CodeInfo(
        "unknown rule",
        "`replaces` names charge rules of the same policy (the lines this rule drops); a "
        "customer's `rate` names a charge rule of the customer's policy.",
    ),
    "PL210": CodeInfo(
        "duplicate declaration",
        "Two declarations of the same kind share a name; the diagnostic points at both.",
    ),
    "PL211": CodeInfo(
        "calendar layers form a cycle",
        "A calendar extends itself, directly or through other calendars.",
    ),
    "PL212": CodeInfo(
        "input provided by the engine",
        "`type`, `category`, `priority`, `product`, `item` and `opened_at` come from the policy's "
        "own declarations or from every request; they cannot be declared again.",
    ),
    "PL213": CodeInfo(
        "input named like a request field",
        "Every request may carry the fields `policy`, `opened_at`, `customer`, `kind`, "
        "`severity`, `ask`, `events` and `now` beside the policy's inputs (docs/http-api.md): an "
        "input of one of these names could never be sent, since the request field takes the "
        "name. `kind` and `severity` are the standard ticket kind and severity, which a type "
        "states with `kind` and a priority with `severity`; give the input a name of its own "
        "(`request_kind`, `urgency`).",
    ),
    "PL215": CodeInfo(
        "unknown ticket type",
        "A responsibility's `type` names a ticket type declared with `type ID \"Label\"`.",
    ),
    "PL216": CodeInfo(
        "customer of an unknown policy",
        "A customer in a `.customers` file names the policy whose inputs its facts fill with "
        "`policy ID`; no loaded policy has that id. Load the policy with the customers file (the "
        "same directory, or both paths on the command line).",
    ),
    "PL217": CodeInfo(
        "customer sets an unknown input",
        "A customer's `set INPUT = VALUE` fills an input a request could send: an input the "
        "policy declares, or `type`, `priority`, `product`, `item`. `opened_at` and derived "
        "inputs (`category`) belong to each request, not to a customer.",
    ),
    "PL218": CodeInfo(
        "customer declared twice",
        "Requests name a customer by its id, so each id names one customer across the "
        "customers files loaded together.",
    ),
    "PL214": CodeInfo(
        "unknown lint code",
        "A note `acknowledges` codes of `policylang lint` findings (PL6xx); a check error "
        "cannot be acknowledged.",
    ),
    # ---------------------------------------------------------------- values and types
    "PL301": CodeInfo(
        "value outside the input's domain",
        "An enum input is compared with (or defaults to) a name that is not one of its values.",
    ),
    "PL302": CodeInfo(
        "value of the wrong type",
        "An input is compared with a value of another type: a quoted text for an enum, a number "
        "for a date, and so on.",
    ),
    "PL303": CodeInfo(
        "ordering on an unordered input",
        "`<`, `<=`, `>` and `>=` apply to numbers, dates, timestamps and `days since`; enums and "
        "texts compare with `==`, `!=` and `in`.",
    ),
    "PL304": CodeInfo(
        "not a boolean",
        "A condition uses an input on its own, as if it were true or false, but the input is not "
        "a `bool`.",
    ),
    "PL305": CodeInfo(
        "`since` needs a date",
        "`days since X` and `hours since X` measure time from a `date` or `datetime` input.",
    ),
    "PL306": CodeInfo(
        "comparison without exactly one input",
        "A comparison has an input on one side and a value on the other; two inputs, or two "
        "values, are not a condition on the request.",
    ),
    "PL307": CodeInfo("enum value listed twice", "An enum lists the same value twice."),
    "PL308": CodeInfo(
        "empty list",
        "`x in []` never holds and `x not in []` always does; either is a mistake.",
    ),
    "PL309": CodeInfo(
        "presence test on an input that is never pending",
        '`x is pending` and `x is set` read an input declared `pending "..."`: for any other '
        "input, absent means unknown (`optional`) or is refused (required).",
    ),
    "PL310": CodeInfo(
        "pending input that is not an enum",
        "A pending input names the decisions it can take; `pending` applies to `enum` inputs.",
    ),
    "PL311": CodeInfo(
        "`during` on an input that is not an instant",
        "`x during CAL` asks whether an instant falls in a calendar's open hours: `x` is "
        "`opened_at` or a `datetime` input.",
    ),
    "PL312": CodeInfo(
        "`agreed by` or `estimated by` names an input that is not a datetime",
        "`per request agreed by X` and `best effort estimated by X` read the time set for the "
        "request from `X`, a declared `datetime` input (usually `optional`).",
    ),
    # ---------------------------------------------------------------- calendars and durations
    "PL401": CodeInfo(
        "unknown time zone",
        "Zones are IANA names (`Europe/Moscow`, `Asia/Ho_Chi_Minh`, `America/Mexico_City`).",
    ),
    "PL402": CodeInfo(
        "unknown holiday country",
        "`holidays` takes a country code that python-holidays supports (`RU`, `VN`, `MX`...).",
    ),
    "PL403": CodeInfo(
        "unknown subdivision",
        "The subdivision is not one python-holidays knows for that country; the help lists them.",
    ),
    "PL404": CodeInfo(
        "interval ends before it starts",
        "Intervals are half-open `[start, end)`. One that crosses midnight is marked `overnight`.",
    ),
    "PL405": CodeInfo(
        "overlapping intervals",
        "Two intervals of one calendar share time on the same weekday (an overnight interval "
        "counts on the day it spills into).",
    ),
    "PL406": CodeInfo(
        "calendar never open",
        "A calendar with no hours, no open dates and no base calendar would make every deadline "
        "infinitely far.",
    ),
    "PL407": CodeInfo(
        "24/7 with hours",
        "A calendar open `24/7` needs no `hours`; having both means one of them is a mistake.",
    ),
    "PL408": CodeInfo(
        "zero or invalid duration",
        "A target of zero promises nothing. If the source promises no time, write `no commitment`.",
    ),
    "PL409": CodeInfo(
        "ambiguous days",
        "`days` alone is ambiguous in a contract; write `business days` or `calendar days`.",
    ),
    "PL410": CodeInfo(
        "duration without a clock",
        "Minutes and hours need `on CALENDAR` (business time) or `around the clock` (elapsed "
        "time); business days need `on CALENDAR`.",
    ),
    "PL411": CodeInfo(
        "fractional days",
        "Business and calendar days are whole; count part-days in hours.",
    ),
    "PL412": CodeInfo(
        "calendar days with a clock",
        "Calendar days are elapsed days in the policy's zone and take no `on` or `around the "
        "clock`.",
    ),
    "PL413": CodeInfo(
        "backwards day range",
        "Day ranges run forwards (`mon-fri`); a range over the weekend is written `fri-sun, mon`. "
        "`daily` stands alone.",
    ),
    "PL414": CodeInfo(
        "overnight interval that does not cross midnight",
        "`overnight` marks an interval whose end is on the next day; this one ends the same day.",
    ),
    "PL415": CodeInfo(
        "date both closed and open",
        "One calendar, or one customer's layer over a calendar, declares a date closed and open. "
        "Override a base calendar with a layer (`extends`) instead.",
    ),
    "PL416": CodeInfo(
        "invalid closed range",
        "A closed range must run forwards and cover at most a year.",
    ),
    "PL417": CodeInfo(
        "duration longer than the calendars can count",
        "The calendars search at most 50 years from an instant, so a duration is at most 50 "
        "years of 365 days: 18,250 calendar or business days, 438,000 hours, 26,280,000 "
        "minutes. A longer target could never fall due. A source that promises nothing that "
        "definite is `no commitment` or `best effort`.",
    ),
    "PL418": CodeInfo(
        "outside the years the calendars can count",
        "Calendars count local years 1970 to 2200, so a policy takes effect inside them. The "
        "same code reports a calendar the calendar engine refuses to build although the checker "
        "accepted it, with the engine's reason (a bug to report).",
    ),
    "PL419": CodeInfo(
        "time zone that depends on the machine",
        "`localtime` and `posixrules` are names the machine's administrator points at a zone: "
        "a policy in them would give different due times on different servers. Name the IANA "
        "zone the source document's hours are in.",
    ),
    "PL420": CodeInfo(
        "pre-holiday shortening that is not a part of a day",
        "`preholiday shortened N hour(s)` (or minutes) takes time off the end of a working "
        "day: more than nothing and less than a day.",
    ),
    "PL421": CodeInfo(
        "pre-holiday shortening without public holidays",
        "A day is shortened because a public holiday of the calendar's `holidays` country "
        "follows it; a calendar (and its base) without `holidays` has none to look at.",
    ),
    "PL422": CodeInfo(
        "holidays region with fewer years of data than its calendar",
        "A calendar counts only the years all its holiday data covers (python-holidays "
        "publishes Sri Lanka's holidays to 2026 only). A customer's `holidays` region with "
        "fewer years than the calendar it layers narrows that calendar for the customer's "
        "requests, and is reported when it cuts into the 50 years from the policy's effective "
        "date: those opened outside the region's years get a request error on `opened_at` "
        "instead of an answer, while the policy's other customers are answered. State the "
        "region's days off with `closed` dates past those years, or use a python-holidays that "
        "publishes them.",
    ),
    # ---------------------------------------------------------------- structure
    "PL501": CodeInfo(
        "missing header fields",
        "The header states title, provider, source, language, version, effective date and zone.",
    ),
    "PL502": CodeInfo("header field given twice", "Each header field is given once."),
    "PL503": CodeInfo(
        "no policy header",
        "Every policy file starts with `policy ID { ... }`.",
    ),
    "PL504": CodeInfo(
        "second policy header",
        "A file holds one policy. Versions of a policy live in separate files with the same id.",
    ),
    "PL505": CodeInfo(
        "ticket type without an SLA statement",
        "Every ticket type needs at least one `sla` rule that can apply to it. An explicit "
        "`no commitment` counts: the point is that the policy says something.",
    ),
    "PL506": CodeInfo(
        "`otherwise` is not last",
        "The `otherwise` rule of a kind applies when no other rule does, so rules after it could "
        "never apply.",
    ),
    "PL507": CodeInfo(
        "statement given twice",
        "A block states the same thing twice (two `party`, two `response`, two `when`...).",
    ),
    "PL508": CodeInfo(
        "rule without its required statement",
        "A responsibility needs a `party` (or `responsible`/`performer`), an SLA rule a target, "
        "a charge its fee, an obligation a `description`, a refusal a `reason`, a timed "
        "lifecycle rule a timing.",
    ),
    "PL509": CodeInfo(
        "`otherwise` with a condition",
        "The `otherwise` rule has no `when`; give a conditional rule its own name.",
    ),
    "PL510": CodeInfo(
        "`requires` counts no event",
        "`requires N EVENT` needs a whole number of at least one.",
    ),
    "PL511": CodeInfo(
        "invalid language code",
        "`language` takes an ISO 639 code such as `en`, `vi` or `ru`.",
    ),
    "PL512": CodeInfo(
        "statement that belongs elsewhere",
        "`category` and `priority` statements are made on ticket types.",
    ),
    "PL513": CodeInfo(
        "two versions clash",
        "Files with the same policy id are versions of one policy; each needs its own `version` "
        "and its own `effective` date, so the version in force on any day is unambiguous.",
    ),
    "PL514": CodeInfo(
        "pause from and until the same event",
        "A pause runs from one ticket event until another (`from waiting_on_customer until "
        "customer_replied`); with the same event at both ends it would never end.",
    ),
    "PL515": CodeInfo(
        "consequence of a rule that never expires",
        "`then confirmed` (cancelled, closed, accepted, lapsed) says what happens when a lifecycle "
        "rule's time runs out; a `sequential` rule has no time, so nothing can follow from it.",
    ),
    "PL516": CodeInfo(
        "timing on a sequential rule",
        "A `sequential` rule says a customer's requests are handled one after another (`requires "
        "1 previous_resolved`); it has no deadline and no earliest moment, so it takes no `after` "
        "or `within`. A time limit is a rule of its own: `processing_limit`, `next_issue`.",
    ),
    "PL517": CodeInfo(
        "customer layer out of place",
        "A `.customers` file holds only `customer` declarations, each with one `policy ID` and "
        "each input `set` once; a `.policy` file holds no `customer` declarations (a customer "
        "layer changes per customer, the policy per contract version). A customer layers each "
        "calendar once, with dates (`closed`, `open`) and `holidays` only: weekly hours, "
        "`hours 24/7`, working weekend days, a pre-holiday shortening and the zone are the "
        "policy's offer to every customer (a customer with other hours is another offer: a "
        "tier input, or a policy of its own), and the clauses a layer could cite are the "
        "policy's.",
    ),
    # ---------------------------------------------------------------- charges (money)
    "PL530": CodeInfo(
        "`billable` is retired",
        "Charges are lines: a charge rule states its fee (`fee per request`, `fee per hour`, "
        "`fee fixed`, `fee unspecified` when the source charges without a unit) or `included`. "
        "`billable yes` becomes one of the fees, `billable no` becomes `included`.",
    ),
    "PL531": CodeInfo(
        "rate without a fee",
        "`rate AMOUNT CODE` prices a fee: a positive exact amount, on a rule that states a fee "
        "(an `included` line costs nothing).",
    ),
    "PL532": CodeInfo(
        "unknown currency",
        "A rate's currency is an ISO 4217 code (`RUB`, `USD`, `EUR`, `VND`, `MXN`...).",
    ),
    "PL533": CodeInfo(
        "`replaces` in a cycle",
        "A charge rule drops the lines of the rules it `replaces`; rules cannot drop each other "
        "(nor themselves), or no line would be left to say which applies.",
    ),
    "PL534": CodeInfo(
        "ticket type without a standard kind",
        "Each ticket type states its standard kind (`kind incident`, `service_request`, "
        "`question`, `change`, `complaint`, `commercial`: docs/vocabulary.md), so one request "
        "shape can name the kind across policies. A warning: the policy still loads.",
    ),
    "PL535": CodeInfo(
        "severity on a type where priorities exist",
        "A standard severity is stated on each priority; on ticket types only in a policy that "
        "has no priorities (where the type is what says how severe a request is).",
    ),
    "PL536": CodeInfo(
        "customer rate against its charge rule",
        "A customer's `rate RULE AMOUNT CURRENCY` fills what a charge rule leaves open: the "
        "amount, and for `fee unspecified` the unit (`per request`, `per hour`, `fixed`). It "
        "cannot change what the rule states: a rule with its own `rate` keeps it for every "
        "customer (its pages show it as the contract's price; a price that differs per customer "
        "is left open in the policy), and a rule's stated unit is the unit.",
    ),
    # ---------------------------------------------------------------- roles
    "PL540": CodeInfo(
        "`party` beside roles",
        "`party X` and `team \"T\"` are shorthand for `responsible X \"T\"` plus `performer X "
        "\"T\"`. A responsibility that names its roles gives each its party and team and drops "
        "the shorthand, so no reader has to work out which statement wins.",
    ),
    "PL541": CodeInfo(
        "item given two types",
        "A responsibility that names a `type` gives the items it lists that type: a request with "
        "the item takes its type from the list. Two lists giving one item two types contradict "
        "each other, unless the policy records it in a `contradiction` note `about` a clause each "
        "list cites; then a request with the item must give its `type`.",
    ),
    "PL542": CodeInfo(
        "`type` on a responsibility without items",
        "`type` in a responsibility says which ticket type its listed items belong to (and "
        "limits the rule to that type); with no items it binds nothing: write `when type == X`.",
    ),
    # ---------------------------------------------------------------- lint (policylang lint)
    "PL601": CodeInfo(
        "item assigned to two handlers",
        "Two responsibility rules list the same item for different parties, or for different "
        "teams of one party, and some request about the item satisfies both. The evaluator sends "
        "it to the first in file order; the example request shows one. If the source really "
        "assigns the item twice, keep both and record the reading in a `contradiction` note.",
    ),
    "PL602": CodeInfo(
        "a fee and an included line together",
        "Charge rules add up: every one that holds contributes a line. Some request gets both a "
        "fee line and an `included` line from rules that formalise a clause in common (or cite "
        "none), and neither rule `replaces` the other, so the request is charged and free at "
        "once for one thing. If one line is meant instead of the other, say so with `replaces`; "
        "if both are owed, narrow a condition. Lines from different clauses are different "
        "services priced apart and are not reported.",
    ),
    "PL611": CodeInfo(
        "requests without an SLA target",
        "Some complete requests get no response (or no resolution) target: no SLA rule stating "
        "that target applies to them. The example request is one of them. `no commitment` is an "
        "answer, so a type whose source promises no time says so; an `sla otherwise` closes "
        "every gap.",
    ),
    "PL612": CodeInfo(
        "requests without a handler",
        "Some complete requests match no responsibility rule, so nobody handles them. A request "
        "that leaves out an item a rule needs is not counted (the evaluator answers that it "
        "depends on the item). Add a rule for them, or a `responsibility otherwise`.",
    ),
    "PL613": CodeInfo(
        "requests without a charge outcome",
        "Some complete requests match no charge rule, so whether they are billable is not "
        "said. Add a rule for them, or a `charge otherwise`.",
    ),
    "PL621": CodeInfo(
        "rule no request reaches",
        "Every request this rule's condition covers is taken by an earlier rule of the same "
        "list (the related locations), so the rule never decides anything. Remove it, or move it "
        "before the rule that takes its requests if it was meant to apply first. The example "
        "request satisfies the rule and is decided by an earlier one.",
    ),
    "PL622": CodeInfo(
        "condition that can never hold",
        "No request satisfies the rule's `when`: an input compared with two values at once, a "
        "list that excludes every value, a date both before and after a threshold.",
    ),
    "PL631": CodeInfo(
        "item listed twice for one handler",
        "Two responsibility rules with the same party and team list the same item, and a "
        "request about it satisfies both; the second listing never decides anything.",
    ),
    "PL632": CodeInfo(
        "near-duplicate items",
        "Two item ids that differ only in case, or two items whose labels read the same once "
        "case and spacing are folded: under different handlers (a hidden overlap), or twice "
        "under the same heading. The same label under two different headings is not reported.",
    ),
    "PL633": CodeInfo(
        "declarations with the same label",
        "Two ticket types, categories, priorities, products, or values of one enum input, have "
        "labels that read the same in one language once case and spacing are folded; whoever "
        "chooses by label cannot tell them apart.",
    ),
    "PL641": CodeInfo(
        "response due after resolution",
        "For some request the response target falls due later than the resolution target; the "
        "example request (with its opening time) shows it. Usually the two figures are swapped, "
        "or the two targets count on different calendars.",
    ),
    "PL642": CodeInfo(
        "business time on a 24/7 calendar",
        "A target counts business time on a calendar that is always open, which is elapsed time. "
        "Write `around the clock` if that is meant; if the source counts working time, name the "
        "calendar of its working hours. Information instead of a warning when a note the rule "
        "carries names the calendar (the choice is explained).",
    ),
    "PL643": CodeInfo(
        "elapsed time where the source gives business hours",
        "A target runs `around the clock` (or in calendar days) but its rule cites the clause "
        "that a business-hours calendar formalises: the hours the rule's own source states are "
        "ignored. Information when a note the rule carries names that calendar.",
    ),
    "PL644": CodeInfo(
        "target longer than a week of business time",
        "A target in hours or minutes on a calendar is longer than the calendar is open in any "
        'week; a figure like "48 hours" on office hours usually means elapsed hours. '
        "Information when a note the rule carries names the calendar.",
    ),
    "PL651": CodeInfo(
        "declared contradiction",
        "Information: the policy records, in a `contradiction` note, that its source contradicts "
        "itself, and which reading it follows. Listed so reviewers see every such place, with "
        "the clauses concerned and the declarations that rely on the reading.",
    ),
    "PL652": CodeInfo(
        "declared source defect",
        "Information: the policy records, in a `defect` note, an error in its source (a "
        "copy-pasted row, a typo) and how it reads it. Listed so reviewers see every such place.",
    ),
    "PL661": CodeInfo(
        "calendar used by no rule",
        "No target or lifecycle timing counts on the calendar. Information when a note the "
        "calendar carries, or an obligation, names it: it documents service hours for work the "
        "engine does not time.",
    ),
    "PL662": CodeInfo(
        "input read by no condition",
        "Requests may send the input, but no rule's condition reads it, so no answer depends on "
        "it. Information when a note the input carries names it.",
    ),
    "PL663": CodeInfo(
        "priority no rule tells apart",
        "No condition reads `priority` at all, or none names this priority and no list of rules "
        "that names priorities ends in an `otherwise` for the others: requests with it get only "
        'the rules that ignore priority. A priority left to an `otherwise` ("critical within '
        '30 minutes, every other request within 4 hours") is told apart, and not reported.',
    ),
    "PL671": CodeInfo(
        "rule without a citation",
        "The rule has no `cite`, so nothing ties it to the contract: reviewers cannot check it "
        "against the source, and decisions and pages quote no clause for it. Cite the clause it "
        "formalises. Where the source says nothing the rule could quote (the policy fills a "
        "gap), a note the rule carries that names it in backticks says so, and the finding is "
        "information.",
    ),
    "PL681": CodeInfo(
        "effective date outside a calendar's years",
        "A calendar counts local years 1970 to 2200, narrowed to the years its holiday sources "
        "publish (python-holidays has Russia's from 1991, Sri Lanka's only to 2026). The "
        "policy takes effect outside that range, so requests opened before it starts, or every "
        "request once it has ended, are errors instead of answers on that calendar.",
    ),
    "PL682": CodeInfo(
        "calendar almost never open",
        "The calendar is open less than 52 hours in the year from the effective date (an hour "
        "a week on average): its hours, closed dates or holidays leave almost nothing. A "
        "target counted on it falls due years later, or cannot be counted at all (PL683).",
    ),
    "PL683": CodeInfo(
        "target a calendar cannot count",
        "From the first plausible opening (10:00 on the effective date), the calendar does not "
        "hold the target's business time within the 50 years it searches, or runs past the end "
        "of its years: every request the rule decides is an error instead of an answer.",
    ),
    "PL690": CodeInfo(
        "analysis truncated",
        "Information: a search over the policy's requests stopped at its budget, so the findings "
        "that need the whole space (gaps, unreachable rules) are not reported for that part. The "
        "message says which. It takes a policy with very many rules reading many inputs at once.",
    ),
}
