"""The table of lint situations behind the golden files in ``tests/lint/golden/``.

Each case is a small valid policy (the header plus a snippet) and a code: a *positive* case must
report that code, a *negative* one (``expect=False``) must not. ``pytest --update-goldens``
writes ``golden/<name>.policy`` from this table and ``golden/<name>.lint`` from the linter's
rendering; review the diff of the ``.lint`` files like any other code change. The first positive
case of each code is its example in docs/errors.md.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = """\
policy golden {
  title "Golden lint policy"
  provider "Example Ltd"
  source "tests/lint/cases.py"
  language en
  version "1"
  effective 2026-02-02
  zone "Europe/Moscow"
}
"""

OFFICE = """
calendar office {
  hours mon-fri 09:00-18:00
  holidays RU
}
"""

CHANNEL = """
input channel: enum [email, portal, phone] default email
"""

#: Three priorities, and SLA rules for two of them.
CRITICAL_AND_HIGH = """
priority critical "Critical"

priority high "High"

priority low "Low"

sla critical {
  when priority == critical
  response within 30 minutes around the clock
  resolution no commitment
  cite support_terms
}

sla high {
  when priority == high
  response within 2 hours around the clock
  resolution no commitment
  cite support_terms
}
"""

TYPES = """
type bug "Bug" {
  kind incident
}

type question "Question" {
  kind incident
}
"""


#: The clause every rule of a case cites: PL671 reports a rule that cites none.
TERMS = """
clause support_terms "The support terms the golden lint cases formalise."
"""


@dataclass(frozen=True)
class LintCase:
    """One lint situation: its name, the code it is about, the policy, and whether it fires."""

    name: str
    code: str
    snippet: str
    expect: bool = True
    #: The per-search budget (PL690 needs a small one).
    budget: int | None = None
    #: The policy header (PL681 needs another effective date).
    header: str = HEADER

    @property
    def text(self) -> str:
        """The full policy text of the case."""
        return self.header + self.snippet + TERMS


CASES: tuple[LintCase, ...] = (
    # ------------------------------------------------------------------ PL601 overlaps
    LintCase(
        "overlap_two_parties",
        "PL601",
        """
responsibility customer_list {
  party customer
  item forms "Forms"
  item reports "Reports"
  cite support_terms
}

responsibility provider_list {
  party provider
  team "Support"
  item forms "Forms"
  item updates "Updates"
  cite support_terms
}
""",
    ),
    LintCase(
        "overlap_acknowledged",
        "PL601",
        CHANNEL
        + """
note contradiction forms_twice "Forms are on both lists" {
  about support_terms
  says "Both lists name forms."
  reading "The customer's list comes first; the provider's listing never decides."
  acknowledges PL601
}

responsibility customer_list {
  when channel == phone
  party customer
  item forms "Forms"
  cite support_terms
}

responsibility provider_list {
  party provider
  team "Support"
  item forms "Forms"
  cite support_terms
}
""",
    ),
    LintCase(
        "overlap_two_teams",
        "PL601",
        CHANNEL
        + """
responsibility technical {
  party provider
  team "Technical Department"
  item write_interface "Write interface"
  cite support_terms
}

responsibility design {
  when channel != phone
  party provider
  team "Design department"
  item design_on_request "Design upon request"
  item write_interface "Write interface"
  cite support_terms
}

responsibility otherwise {
  party provider
  team "Help desk"
  cite support_terms
}
""",
    ),
    LintCase(
        "overlap_excluded_by_conditions",
        "PL601",
        CHANNEL
        + """
responsibility by_mail {
  when channel == email
  party customer
  item forms "Forms"
  cite support_terms
}

responsibility by_phone {
  when channel == phone
  party provider
  item forms "Forms"
  cite support_terms
}

responsibility otherwise {
  party provider
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL602 charges
    LintCase(
        "fee_and_included_together",
        "PL602",
        CHANNEL
        + """
input fix_by_us: bool default false

charge fix_fee {
  when fix_by_us
  fee unspecified
  cite support_terms
}

charge phone_help_free {
  when channel == phone
  included
  cite support_terms
}
""",
    ),
    LintCase(
        "fee_replaces_the_included_line",
        "PL602",
        CHANNEL
        + """
input fix_by_us: bool default false

charge fix_fee {
  when fix_by_us
  fee unspecified
  replaces phone_help_free
  cite support_terms
}

charge phone_help_free {
  when channel == phone
  included
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "fee_and_included_from_different_clauses",
        "PL602",
        CHANNEL
        + """
clause phone_fee "Work by phone is paid separately."

input fix_by_us: bool default false

charge phone_fee {
  when channel == phone
  fee unspecified
  cite phone_fee
}

charge fix_included {
  when fix_by_us
  included
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "fee_and_included_exclude_each_other",
        "PL602",
        CHANNEL
        + """
charge phone_fee {
  when channel == phone
  fee per hour
  rate 1500.00 RUB
  cite support_terms
}

charge mail_free {
  when channel == email
  included
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL611 to PL613 gaps
    LintCase(
        "sla_gap_for_one_channel",
        "PL611",
        OFFICE
        + CHANNEL
        + TYPES
        + """
sla bugs {
  when type == bug
  response within 4 hours on office
  resolution within 2 business days on office
  cite support_terms
}

sla questions {
  when type == question and channel != phone
  response within 1 business day on office
  resolution no commitment
  cite support_terms
}
""",
    ),
    LintCase(
        "sla_no_response_target_at_all",
        "PL611",
        OFFICE
        + """
sla otherwise {
  resolution within 5 business days on office
  cite support_terms
}
""",
    ),
    LintCase(
        "sla_no_commitment_is_not_a_gap",
        "PL611",
        OFFICE
        + TYPES
        + """
sla bugs {
  when type == bug
  response within 4 hours on office
  resolution within 2 business days on office
  cite support_terms
}

sla questions {
  when type == question
  response no commitment
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "handler_gap_without_otherwise",
        "PL612",
        CHANNEL
        + """
responsibility phone_desk {
  when channel == phone
  party provider
  team "Phone desk"
  cite support_terms
}

responsibility mail_desk {
  when channel == email
  party provider
  team "Mail desk"
  cite support_terms
}
""",
    ),
    LintCase(
        "handler_absent_optional_input_is_not_a_gap",
        "PL612",
        """
input origin: enum [ours, theirs] optional

responsibility ours {
  when origin == ours
  party provider
  cite support_terms
}

responsibility theirs {
  when origin == theirs
  party third_party
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "charge_gap_on_a_threshold",
        "PL613",
        """
input go_live: date

charge early {
  when days since go_live < 30
  included
  cite support_terms
}

charge late {
  when days since go_live > 30
  fee per request
  cite support_terms
}
""",
    ),
    LintCase(
        "charge_thresholds_cover_everything",
        "PL613",
        """
input go_live: date

charge early {
  when days since go_live <= 30
  included
  cite support_terms
}

charge late {
  when days since go_live > 30
  fee per request
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "charge_with_otherwise_has_no_gap",
        "PL613",
        CHANNEL
        + """
charge phone {
  when channel == phone
  fee per request
  cite support_terms
}

charge otherwise {
  included
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL621, PL622 shadowing
    LintCase(
        "shadowed_by_a_wider_rule",
        "PL621",
        CHANNEL
        + """
responsibility paid_channels {
  when channel in [email, phone]
  party provider
  cite support_terms
}

responsibility phone {
  when channel == phone
  party provider
  action "Phone support."
  cite support_terms
}

responsibility otherwise {
  party customer
  cite support_terms
}
""",
    ),
    LintCase(
        "shadowed_by_two_rules",
        "PL621",
        CHANNEL
        + """
responsibility mail {
  when channel == email
  party customer
  cite support_terms
}

responsibility phone {
  when channel == phone
  party provider
  cite support_terms
}

responsibility mail_or_phone {
  when channel in [email, phone]
  party provider
  cite support_terms
}

responsibility otherwise {
  party customer
  cite support_terms
}
""",
    ),
    LintCase(
        "otherwise_never_reached",
        "PL621",
        """
input urgent: bool default false

responsibility urgent {
  when urgent
  party provider
  cite support_terms
}

responsibility normal {
  when not urgent
  party customer
  cite support_terms
}

responsibility otherwise {
  party customer
  cite support_terms
}
""",
    ),
    LintCase(
        "charges_add_up_none_is_shadowed",
        "PL621",
        CHANNEL
        + """
charge paid_channels {
  when channel in [email, phone]
  fee per request
  cite support_terms
}

charge phone {
  when channel == phone
  fee per hour
  reason "Phone support is paid by the hour, on top."
  cite support_terms
}

charge otherwise {
  included
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "reached_when_an_optional_input_is_absent",
        "PL621",
        OFFICE
        + """
type feature "Feature request" {
  kind incident
}

input decision: enum [agree, refuse] optional

sla decided {
  when type == feature and decision in [agree, refuse]
  resolution per request
  cite support_terms
}

sla feature {
  when type == feature
  response within 1 business day on office
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "condition_never_holds",
        "PL622",
        CHANNEL
        + """
charge contradictory {
  when channel == email and channel == phone
  fee per request
  cite support_terms
}

charge otherwise {
  included
  cite support_terms
}

obligation never {
  when channel in [email, portal] and channel not in [email, portal]
  party provider
  description "Never due."
  cite support_terms
}
""",
    ),
    LintCase(
        "condition_on_a_window_holds",
        "PL622",
        """
input go_live: date optional

obligation nesting {
  when days since go_live >= 0 and days since go_live <= 30
  party provider
  description "Unlimited advice for the first 30 days."
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL631 to PL633 duplicates
    LintCase(
        "item_twice_for_one_handler",
        "PL631",
        """
responsibility hosting {
  party provider
  team "Technical Department"
  item domains "Domains"
  cite support_terms
}

responsibility installs {
  party provider
  team "Technical Department"
  item domains "Domains"
  item installs "Installations"
  cite support_terms
}
""",
    ),
    LintCase(
        "item_twice_in_separate_situations",
        "PL631",
        CHANNEL
        + """
responsibility by_mail {
  when channel == email
  party provider
  team "Technical Department"
  item domains "Domains"
  cite support_terms
}

responsibility by_phone {
  when channel != email
  party provider
  team "Technical Department"
  item domains "Domains"
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "items_differ_only_in_case",
        "PL632",
        """
responsibility customer_list {
  party customer
  item Forms "Forms"
  cite support_terms
}

responsibility provider_list {
  party provider
  item forms "Form setup"
  cite support_terms
}
""",
    ),
    LintCase(
        "items_alike_under_two_handlers",
        "PL632",
        """
responsibility customer_list {
  party customer
  item campaign_forms "Forms"
  cite support_terms
}

responsibility provider_list {
  party provider
  item forms_setup "forms "
  cite support_terms
}
""",
    ),
    LintCase(
        "same_label_under_two_headings",
        "PL632",
        """
responsibility customer_list {
  party customer
  item campaign_management "Changes to campaign management" {
    item voice_schedules "Schedules"
  }
  item omnichannel "Omnichannel campaigns" {
    item omnichannel_schedules "Schedules"
  }
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "types_with_the_same_label",
        "PL633",
        OFFICE
        + """
type bug "Bug" {
  kind incident
  label vi "Lỗi"
}

type defect "bug " {
  kind incident
  label vi "Khiếm khuyết"
}

input channel: enum [email "E-mail", mail "e-mail", phone "Phone"] default email

sla phone {
  when channel == phone
  response within 1 hour on office
  resolution no commitment
  cite support_terms
}

sla otherwise {
  response within 4 hours on office
  resolution no commitment
  cite support_terms
}
""",
    ),
    LintCase(
        "labels_that_differ",
        "PL633",
        OFFICE
        + """
type bug "Bug" {
  kind incident
}

type defect "Defect" {
  kind incident
}

sla otherwise {
  response within 4 hours on office
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL641 to PL644 targets
    LintCase(
        "response_after_resolution",
        "PL641",
        OFFICE
        + """
sla otherwise {
  response within 3 business days on office
  resolution within 1 business day on office
  cite support_terms
}
""",
    ),
    LintCase(
        "response_after_resolution_across_rules",
        "PL641",
        OFFICE
        + TYPES
        + """
sla questions {
  when type == question
  response within 16 hours on office
  cite support_terms
}

sla otherwise {
  response within 4 hours on office
  resolution within 1 business day on office
  cite support_terms
}
""",
    ),
    LintCase(
        "response_before_resolution",
        "PL641",
        OFFICE
        + """
sla otherwise {
  response within 4 hours on office
  resolution within 2 business days on office
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "business_time_on_a_24_7_calendar",
        "PL642",
        """
calendar always {
  hours 24/7
}

sla otherwise {
  response within 1 hour on always
  resolution no commitment
  cite support_terms
}
""",
    ),
    LintCase(
        "business_time_on_a_24_7_calendar_explained",
        "PL642",
        """
clause critical "Critical errors are handled 24/7."

note interpretation critical_24_7 "Critical errors around the clock" {
  about critical
  reading "Counted on `always`, open 24/7, so the calendar cites the clause."
}

calendar always {
  hours 24/7
  cite critical
}

sla otherwise {
  response within 1 hour on always
  resolution no commitment
  note critical_24_7
  cite support_terms
}
""",
    ),
    LintCase(
        "elapsed_time_said_so",
        "PL642",
        """
sla otherwise {
  response within 1 hour around the clock
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "elapsed_target_citing_business_hours",
        "PL643",
        """
clause hours "We answer from 9 to 6 on weekdays, within 4 hours."

calendar office {
  hours mon-fri 09:00-18:00
  cite hours
}

sla otherwise {
  response within 4 hours around the clock
  resolution within 5 business days on office
  cite hours
}
""",
    ),
    LintCase(
        "elapsed_target_citing_its_own_clause",
        "PL643",
        """
clause hours "We work from 9 to 6 on weekdays."

clause fatal "Fatal errors: one hour, regardless of the time."

calendar office {
  hours mon-fri 09:00-18:00
  cite hours
}

sla otherwise {
  response within 1 hour around the clock
  resolution within 5 business days on office
  cite fatal
}
""",
        expect=False,
    ),
    LintCase(
        "hours_longer_than_a_week",
        "PL644",
        OFFICE
        + """
sla otherwise {
  response within 4 hours on office
  resolution within 72 hours on office
  cite support_terms
}
""",
    ),
    LintCase(
        "hours_within_a_week",
        "PL644",
        OFFICE
        + """
sla otherwise {
  response within 4 hours on office
  resolution within 40 hours on office
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL651, PL652 notes
    LintCase(
        "declared_contradiction",
        "PL651",
        """
clause table "Critical errors: 1 h in working time."

clause terms "Critical errors are handled 24/7."

note contradiction critical_24_7 "Critical errors: working time or 24/7?" {
  about table, terms
  says "The table says working time; the terms say 24/7."
  reading "24/7: the specific term overrides the table."
  because "It is introduced as an exception."
}

sla otherwise {
  response within 1 hour around the clock
  resolution no commitment
  cite table, terms
  note critical_24_7
}
""",
    ),
    LintCase(
        "declared_defect",
        "PL652",
        """
clause reaction "Reaction time to incidents of medium and low priorities priority 4 hours."

note defect duplicate_word "\\"priorities priority\\"" {
  about reaction
  reading "Reaction time to incidents of medium and low priority: 4 hours."
}

sla otherwise {
  response within 4 hours around the clock
  resolution no commitment
  cite reaction
  note duplicate_word
}
""",
    ),
    LintCase(
        "interpretation_is_not_listed",
        "PL651",
        """
clause hours "Processing: 8 to 18."

note interpretation every_day "No days are named" {
  about hours
  reading "Every day."
}

sla otherwise {
  response no commitment
  resolution no commitment
  note every_day
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "omission_is_not_a_defect",
        "PL652",
        """
clause promo "We value your partnership."

note omission promotional "Promotional sentences" {
  says "We value your partnership."
  reading "Not formalised."
  because "No obligation, time, scope or charge."
}

sla otherwise {
  response no commitment
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL661 to PL663 unused
    LintCase(
        "unused_calendar",
        "PL661",
        OFFICE
        + """
calendar weekend {
  hours sat-sun 10:00-14:00
}

sla otherwise {
  response within 4 hours on office
  resolution no commitment
  cite support_terms
}
""",
    ),
    LintCase(
        "calendar_of_a_service_window_is_used",
        "PL661",
        OFFICE
        + """
calendar staff_guide {
  hours mon-fri 08:00-12:00, 13:30-16:30
}

sla otherwise {
  response during staff_guide
  resolution within 4 hours on office
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "calendars_named_by_during_are_used",
        "PL661",
        """
calendar staff_guide {
  hours mon-fri 08:00-12:00, 13:30-16:30
}

calendar night {
  hours daily 22:00-06:00 overnight
}

obligation guidance {
  when not opened_at during night
  party provider
  description "Guide the customer."
  during staff_guide
  cite support_terms
}

sla otherwise {
  response no commitment
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "inputs_giving_the_time_are_used",
        "PL662",
        """
input agreed_due: datetime optional

input estimate: datetime optional

input topic: enum [feature, fix]

sla feature {
  when topic == feature
  resolution per request agreed by agreed_due
  cite support_terms
}

sla otherwise {
  response no commitment
  resolution best effort estimated by estimate extendable
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "calendar_documented_by_its_note",
        "PL661",
        """
clause guide_hours "Staff guide: morning 8h ~ 12h, afternoon 13h30 ~ 16h30."

note interpretation guide_days "No days are named" {
  about guide_hours
  reading "Calendar `staff_guide`: Monday to Friday."
}

calendar staff_guide {
  hours mon-fri 08:00-12:00, 13:30-16:30
  cite guide_hours
  note guide_days
}

obligation guidance {
  party provider
  description "Guide customers in staff guide hours (calendar `staff_guide`)."
  cite support_terms
}
""",
    ),
    LintCase(
        "calendar_used_as_a_base",
        "PL661",
        OFFICE
        + """
calendar office_2027 extends office {
  closed 2027-01-04 "Inventory"
}

sla otherwise {
  response within 4 hours on office_2027
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "unused_input",
        "PL662",
        CHANNEL
        + """
input urgent: bool default false

charge urgent {
  when urgent
  fee per request
  cite support_terms
}

charge otherwise {
  included
  cite support_terms
}
""",
    ),
    LintCase(
        "input_read_by_an_obligation",
        "PL662",
        CHANNEL
        + """
obligation answer_in_module {
  when channel != portal
  party provider
  description "Answer in the portal, whatever the channel."
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "priority_named_by_no_rule",
        "PL663",
        CRITICAL_AND_HIGH,
    ),
    # The Getting-started pattern: `otherwise` answers every priority the rules do not name.
    LintCase(
        "priority_left_to_otherwise",
        "PL663",
        CRITICAL_AND_HIGH
        + """
sla otherwise {
  response within 8 hours around the clock
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "priorities_read_by_no_rule",
        "PL663",
        """
priority high "High"

priority low "Low"

sla otherwise {
  response within 4 hours around the clock
  resolution no commitment
  cite support_terms
}
""",
    ),
    LintCase(
        "priority_selected_by_negation",
        "PL663",
        """
priority critical "Critical"

priority high "High"

priority low "Low"

sla urgent {
  when priority == critical
  response within 30 minutes around the clock
  resolution no commitment
  cite support_terms
}

sla others {
  when priority != critical
  response within 4 hours around the clock
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL671 citations
    LintCase(
        "rule_citing_no_clause",
        "PL671",
        """
clause fees "Phone support is paid."

charge phone {
  when channel == phone
  fee per request
}

charge otherwise {
  included
  cite support_terms
}
"""
        + CHANNEL,
    ),
    LintCase(
        "rule_citing_no_clause_said_so",
        "PL671",
        """
note omission free_otherwise "The terms name no other fee" {
  reading "Nothing is quoted for `otherwise`: the terms list only the phone fee."
}

charge phone {
  when channel == phone
  fee per request
  cite support_terms
}

charge otherwise {
  included
  note free_otherwise
}
"""
        + CHANNEL,
    ),
    LintCase(
        "every_rule_citing_a_clause",
        "PL671",
        """
charge phone {
  when channel == phone
  fee per request
  cite support_terms
}

charge otherwise {
  included
  cite support_terms
}
"""
        + CHANNEL,
        expect=False,
    ),
    # ------------------------------------------------------------------ PL681 to PL683 horizon
    LintCase(
        "effective_before_holiday_data",
        "PL681",
        OFFICE
        + """
sla otherwise {
  response within 4 hours on office
  resolution no commitment
  cite support_terms
}
""",
        header=HEADER.replace("effective 2026-02-02", "effective 1985-02-04"),
    ),
    LintCase(
        "effective_inside_holiday_data",
        "PL681",
        OFFICE
        + """
sla otherwise {
  response within 4 hours on office
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "calendar_almost_never_open",
        "PL682",
        """
calendar board "Meets on Monday mornings" {
  hours mon 09:00-09:30
}

sla otherwise {
  response within 2 hours on board
  resolution no commitment
  cite support_terms
}
""",
    ),
    LintCase(
        "calendar_open_an_hour_a_week",
        "PL682",
        """
calendar board "Meets on Monday mornings" {
  hours mon 09:00-10:00
}

sla otherwise {
  response within 2 hours on board
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    LintCase(
        "target_beyond_the_calendar",
        "PL683",
        OFFICE
        + """
sla otherwise {
  response within 400000 hours on office
  resolution no commitment
  cite support_terms
}

lifecycle acceptance_window accept {
  within 18000 business days on office from opened
  cite support_terms
}
""",
    ),
    LintCase(
        "target_within_the_calendar",
        "PL683",
        OFFICE
        + """
sla otherwise {
  response within 4000 hours on office
  resolution no commitment
  cite support_terms
}
""",
        expect=False,
    ),
    # ------------------------------------------------------------------ PL690 budget
    LintCase(
        "analysis_truncated",
        "PL690",
        """
input a: enum [a1, a2, a3, a4] default a1

input b: enum [b1, b2, b3, b4] default b1

input c: enum [c1, c2, c3, c4] default c1

charge first {
  when a == a1 and b == b1 and c == c1
  fee per request
  cite support_terms
}

charge otherwise {
  included
  cite support_terms
}
""",
        budget=10,
    ),
    LintCase(
        "analysis_within_budget",
        "PL690",
        """
input a: enum [a1, a2, a3, a4] default a1

input b: enum [b1, b2, b3, b4] default b1

input c: enum [c1, c2, c3, c4] default c1

charge first {
  when a == a1 and b == b1 and c == c1
  fee per request
  cite support_terms
}

charge otherwise {
  included
  cite support_terms
}
""",
        expect=False,
    ),
)
