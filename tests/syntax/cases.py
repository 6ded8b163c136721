"""The table of error situations behind the golden files in ``tests/syntax/err/``.

Each case is a valid base policy plus the snippet that breaks it (or a whole text when the header
itself is the problem), and the diagnostic code it must produce. ``pytest --update-goldens``
writes ``err/<name>.policy`` from this table and ``err/<name>.err`` from the checker's rendering;
review the diff of the ``.err`` files like any other code change.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = """\
policy golden {
  title "Golden test policy"
  provider "Example Ltd"
  source "tests/syntax/cases.py"
  language en
  version "1"
  effective 2026-01-01
  zone "Europe/Moscow"
}
"""

BASE = (
    HEADER
    + """
clause hours "We work from 9 to 6 on weekdays."

calendar office {
  hours mon-fri 09:00-18:00
  holidays RU
}

input channel: enum [email, portal, phone] default email

input go_live: date optional

priority high "High"

priority low "Low"
"""
)


#: An SLA rule every ticket type of a case reaches (so only the diagnostic under test shows).
_SLA_FOR_ALL = "sla all {\n  response within 4 hours on office\n}\n\n"


@dataclass(frozen=True)
class Case:
    """One error situation: its name, the code it must raise, and the policy text."""

    name: str
    code: str
    snippet: str
    whole: bool = False  # the snippet is the whole file, not an addition to BASE

    @property
    def text(self) -> str:
        """The full policy text of the case."""
        return self.snippet if self.whole else BASE + "\n" + self.snippet


CASES: tuple[Case, ...] = (
    # ---------------------------------------------------------------- syntax
    Case(
        "syntax_misspelled_keyword", "PL102", 'policy golden {\n  titel "Golden"\n}\n', whole=True
    ),
    Case("customer_in_a_policy", "PL517", "customer acme {\n  policy golden\n}\n"),
    Case("syntax_unterminated_string", "PL104", 'clause greeting "Dear customers\n'),
    Case("syntax_unclosed_block", "PL103", "sla all {\n  response within 4 hours on office\n"),
    Case(
        "syntax_missing_closing_brace",
        "PL102",
        "sla all {\n  response within 4 hours on office\n\nsla other {\n  resolution best effort\n}\n",
    ),
    Case("syntax_single_quotes", "PL101", "clause greeting 'Dear customers'\n"),
    Case(
        "syntax_single_equals",
        "PL101",
        "sla by_channel {\n  when channel = phone\n  response within 4 hours on office\n}\n",
    ),
    Case("syntax_time_without_minutes", "PL102", "calendar desk {\n  hours mon-fri 8-17\n}\n"),
    Case("syntax_weekday_spelled_out", "PL102", "calendar desk {\n  hours monday 08:00-17:00\n}\n"),
    Case(
        "syntax_unit_typo",
        "PL102",
        "sla all {\n  response within 4 hourz on office\n}\n",
    ),
    Case(
        "syntax_nesting_too_deep_conditions",
        "PL108",
        "sla odd {\n  when " + "not " * 51 + "channel == email\n  response best effort\n}\n",
    ),
    Case(
        "syntax_nesting_too_deep_items",
        "PL108",
        "responsibility desk {\n  party provider\n"
        + "".join(f"{'  ' * (k + 1)}item i{k} {{\n" for k in range(51))
        + "".join(f"{'  ' * (k + 1)}}}\n" for k in reversed(range(51)))
        + "}\n",
    ),
    Case("syntax_invalid_escape", "PL105", 'clause greeting "Dear \\q customers"\n'),
    Case("syntax_bare_unicode_escape", "PL105", 'clause greeting "Dear \\u customers"\n'),
    Case(
        "syntax_party_typo",
        "PL102",
        "responsibility desk {\n  party custommer\n}\n",
    ),
    Case(
        "syntax_missing_commitment",
        "PL102",
        "sla all {\n  response 4 hours on office\n}\n",
    ),
    # Several syntax errors in one file: each broken declaration is reported once, and the
    # parser goes on at the next declaration (policylang/syntax/recovery.py).
    Case(
        "syntax_errors_in_three_declarations",
        "PL101",
        "clause greeting 'Dear customers'\n\ncalendar desk {\n  hours mon-fri 8-17\n}\n\n"
        "sla by_channel {\n  when channel = phone\n  response within 4 hours on office\n}\n",
    ),
    Case(
        "syntax_unclosed_block_then_another_error",
        "PL102",
        "sla all {\n  response within 4 hours on office\n\nsla other {\n  resolution best effort\n"
        "  response within 4 hourz on office\n}\n",
    ),
    Case(
        "syntax_one_report_per_broken_declaration",
        "PL102",
        "sla all {\n  response 4 hours on office\n  resolution within 2 dayz\n}\n\n"
        "responsibility desk {\n  party custommer\n}\n",
    ),
    # ---------------------------------------------------------------- header
    Case("header_missing_fields", "PL501", 'policy golden {\n  title "Golden"\n}\n', whole=True),
    Case(
        "header_field_twice",
        "PL502",
        HEADER.replace('  version "1"\n', '  version "1"\n  version "2"\n'),
        whole=True,
    ),
    Case("header_absent", "PL503", 'clause hours "We work from 9 to 6."\n', whole=True),
    Case("header_twice", "PL504", HEADER),
    Case(
        "header_bad_language",
        "PL511",
        HEADER.replace("language en", "language English"),
        whole=True,
    ),
    Case("header_impossible_date", "PL106", HEADER.replace("2026-01-01", "2026-02-30"), whole=True),
    Case("header_year_zero", "PL106", HEADER.replace("2026-01-01", "0000-01-01"), whole=True),
    Case(
        "effective_before_1970",
        "PL418",
        HEADER.replace("2026-01-01", "1969-12-31"),
        whole=True,
    ),
    Case("effective_year_one", "PL418", HEADER.replace("2026-01-01", "0001-01-01"), whole=True),
    Case("effective_year_9999", "PL418", HEADER.replace("2026-01-01", "9999-12-31"), whole=True),
    Case(
        "header_zone_of_the_machine",
        "PL419",
        HEADER.replace('"Europe/Moscow"', '"localtime"'),
        whole=True,
    ),
    # ---------------------------------------------------------------- references
    Case(
        "unknown_clause",
        "PL201",
        "sla all {\n  response within 4 hours on office\n  cite hour\n}\n",
    ),
    Case(
        "unknown_note",
        "PL202",
        "sla all {\n  response within 4 hours on office\n  note reading\n}\n",
    ),
    Case("unknown_calendar", "PL203", "sla all {\n  response within 4 hours on ofice\n}\n"),
    Case(
        "unknown_input",
        "PL204",
        "sla phone {\n  when chanel == phone\n  response within 1 hour on office\n}\n",
    ),
    Case(
        "kind_in_policy_with_types",
        "PL204",
        "type bug {\n  kind incident\n}\n\nsla bugs {\n  when kind == incident\n"
        "  response within 1 hour on office\n}\n",
    ),
    Case(
        "unknown_category",
        "PL205",
        "type bug {\n  category errors\n}\n\nsla all {\n  response best effort\n}\n",
    ),
    Case(
        "unknown_priority",
        "PL206",
        "type bug {\n  priority hihg\n}\n\nsla all {\n  response best effort\n}\n",
    ),
    Case(
        "unknown_product",
        "PL207",
        "responsibility desk {\n  party provider\n  product ucontact\n}\n",
    ),
    Case(
        "unknown_event",
        "PL208",
        "lifecycle auto_confirm confirm {\n  after 24 hours around the clock from completion_request\n}\n",
    ),
    Case("duplicate_declaration", "PL210", 'clause hours "We also work on Saturdays."\n'),
    Case(
        "calendar_layers_too_deep",
        "PL108",
        "calendar layer0 {\n  hours mon-fri 09:00-18:00\n}\n"
        + "".join(
            f"\ncalendar layer{k} extends layer{k - 1} {{\n  closed 2026-03-{k % 28 + 1:02d}\n}}\n"
            for k in range(1, 51)
        ),
    ),
    Case(
        "calendar_extends_cycle",
        "PL211",
        "calendar a extends b {\n  closed 2026-03-09\n}\n\ncalendar b extends a {\n  closed 2026-03-10\n}\n",
    ),
    Case("implicit_input_redeclared", "PL212", "input opened_at: datetime\n"),
    Case("input_named_like_a_request_field", "PL213", "input kind: enum [feature, bug]\n"),
    # ---------------------------------------------------------------- values and types
    Case(
        "enum_value_unknown",
        "PL301",
        "sla phone {\n  when channel == phnoe\n  response within 1 hour on office\n}\n",
    ),
    Case(
        "kind_misspelled",
        "PL301",
        "sla question {\n  when kind == questoin\n  response within 1 hour on office\n}\n",
    ),
    Case(
        "enum_value_quoted",
        "PL302",
        'sla phone {\n  when channel == "phone"\n  response within 1 hour on office\n}\n',
    ),
    Case(
        "ordering_on_enum",
        "PL303",
        "sla urgent {\n  when priority > low\n  response within 1 hour on office\n}\n",
    ),
    Case(
        "enum_used_as_condition",
        "PL304",
        "sla phone {\n  when channel\n  response within 1 hour on office\n}\n",
    ),
    Case(
        "pending_test_on_optional_input",
        "PL309",
        "sla undecided {\n  when go_live is pending\n  resolution no commitment\n}\n",
    ),
    Case(
        "pending_input_not_an_enum",
        "PL310",
        'input decided_on: date pending "not decided yet"\n',
    ),
    Case(
        "no_commitment_until_unknown_input",
        "PL204",
        "sla undecided {\n  resolution no commitment until chanel\n}\n",
    ),
    Case(
        "target_from_unknown_event",
        "PL208",
        "sla queued {\n  resolution within 7 calendar days from processing_stared\n}\n",
    ),
    Case(
        "agreed_by_unknown_input",
        "PL204",
        "input agreed_due: datetime optional\n\nsla agreed {\n"
        "  resolution per request agreed by agred_due\n}\n",
    ),
    Case(
        "estimated_by_a_date",
        "PL312",
        "sla estimated {\n  resolution best effort estimated by go_live extendable\n}\n",
    ),
    Case(
        "preholiday_shortened_by_days",
        "PL420",
        "calendar short {\n  hours mon-fri 09:00-18:00\n  holidays RU\n"
        "  preholiday shortened 1 business day\n}\n",
    ),
    Case(
        "preholiday_without_holidays",
        "PL421",
        "calendar short {\n  hours mon-fri 09:00-18:00\n  preholiday shortened 1 hour\n}\n",
    ),
    Case(
        "window_on_unknown_calendar",
        "PL203",
        "sla guide {\n  response during ofice\n}\n",
    ),
    Case(
        "obligation_during_unknown_calendar",
        "PL203",
        'obligation guide {\n  description "Guide."\n  during ofice\n}\n',
    ),
    Case(
        "during_test_on_a_date",
        "PL311",
        "sla early {\n  when go_live during office\n  response within 1 hour on office\n}\n",
    ),
    Case(
        "days_since_non_date",
        "PL305",
        "charge early {\n  when days since channel <= 30\n  included\n}\n",
    ),
    Case(
        "two_inputs_compared",
        "PL306",
        "sla odd {\n  when channel == priority\n  response within 1 hour on office\n}\n",
    ),
    Case("enum_value_twice", "PL307", "input origin: enum [client, vendor, client] optional\n"),
    Case(
        "empty_value_list",
        "PL308",
        "sla none {\n  when channel in []\n  response within 1 hour on office\n}\n",
    ),
    Case(
        "timestamp_beyond_year_9999",
        "PL106",
        "sla late {\n  when opened_at < 9999-12-31T23:59:59-14:00\n  response best effort\n}\n",
    ),
    Case("default_outside_enum", "PL301", "input origin: enum [client, vendor] default partner\n"),
    # ---------------------------------------------------------------- calendars and time
    Case(
        "unknown_time_zone", "PL401", 'calendar desk {\n  zone "Europe/Moskow"\n  hours 24/7\n}\n'
    ),
    Case(
        "unknown_holiday_country", "PL402", "calendar desk {\n  hours 24/7\n  holidays Russia\n}\n"
    ),
    Case(
        "unknown_subdivision",
        "PL403",
        'calendar desk {\n  hours mon-fri 09:00-18:00\n  holidays MX subdivision "MEX"\n}\n',
    ),
    Case("interval_backwards", "PL404", "calendar night {\n  hours mon-fri 22:00-06:00\n}\n"),
    Case(
        "intervals_overlap",
        "PL405",
        "calendar split {\n  hours mon-fri 08:00-12:00, 11:30-16:30\n}\n",
    ),
    Case(
        "overnight_overlaps_next_day",
        "PL405",
        "calendar shifts {\n  hours fri 22:00-06:00 overnight\n  hours sat 05:00-09:00\n}\n",
    ),
    Case("calendar_never_open", "PL406", 'calendar desk {\n  zone "Europe/Moscow"\n}\n'),
    Case(
        "always_open_with_hours",
        "PL407",
        "calendar desk {\n  hours 24/7\n  hours mon-fri 09:00-18:00\n}\n",
    ),
    Case("invalid_clock_time", "PL107", "calendar desk {\n  hours mon-fri 09:00-25:00\n}\n"),
    Case("backwards_day_range", "PL413", "calendar desk {\n  hours fri-mon 09:00-18:00\n}\n"),
    Case(
        "overnight_not_overnight",
        "PL414",
        "calendar desk {\n  hours mon-fri 09:00-18:00 overnight\n}\n",
    ),
    Case(
        "overnight_ends_at_midnight",
        "PL414",
        "calendar late {\n  hours sun 23:59-00:00 overnight\n}\n",
    ),
    Case(
        "overnight_midnight_to_midnight",
        "PL414",
        "calendar always {\n  hours daily 00:00-00:00 overnight\n}\n",
    ),
    Case(
        "calendar_zone_of_the_machine",
        "PL419",
        'calendar desk {\n  zone "localtime"\n  hours mon-fri 09:00-18:00\n}\n',
    ),
    Case(
        "closed_and_open_same_day",
        "PL415",
        "calendar desk {\n  hours mon-fri 09:00-18:00\n  closed 2026-03-07\n  open 2026-03-07 10:00-14:00\n}\n",
    ),
    Case(
        "closed_range_backwards",
        "PL416",
        "calendar desk {\n  hours mon-fri 09:00-18:00\n  closed 2026-12-31 to 2026-12-30\n}\n",
    ),
    Case("zero_duration", "PL408", "sla all {\n  response within 0 hours on office\n}\n"),
    Case(
        "duration_below_a_second",
        "PL408",
        "sla all {\n  response within 0.001 minutes around the clock\n}\n",
    ),
    Case(
        "duration_beyond_the_calendars",
        "PL417",
        "sla all {\n  resolution within 99999999 calendar days\n}\n",
    ),
    Case(
        "business_days_beyond_the_calendars",
        "PL417",
        "sla all {\n  resolution within 20000 business days on office\n}\n",
    ),
    Case("bare_days", "PL409", "sla all {\n  resolution within 3 days\n}\n"),
    Case("hours_without_clock", "PL410", "sla all {\n  response within 4 hours\n}\n"),
    Case(
        "business_days_without_calendar",
        "PL410",
        "sla all {\n  resolution within 2 business days\n}\n",
    ),
    Case(
        "fractional_business_days",
        "PL411",
        "sla all {\n  resolution within 1.5 business days on office\n}\n",
    ),
    # Quoted as written, singular or plural: `1 day`, never "`1 days`".
    Case("bare_day_singular", "PL409", "sla all {\n  resolution within 1 day\n}\n"),
    Case("hour_without_clock", "PL410", "sla all {\n  response within 1 hour\n}\n"),
    Case(
        "business_day_without_calendar",
        "PL410",
        "sla all {\n  resolution within 1 business day\n}\n",
    ),
    Case(
        "calendar_days_with_clock",
        "PL412",
        "sla all {\n  resolution within 7 calendar days on office\n}\n",
    ),
    # ---------------------------------------------------------------- rule structure
    Case(
        "type_without_sla",
        "PL505",
        'type bug "Bug"\n\ntype question "Question"\n\nsla bugs {\n  when type == bug\n'
        "  response within 4 hours on office\n}\n",
    ),
    Case(
        "otherwise_not_last",
        "PL506",
        "charge otherwise {\n  included\n}\n\ncharge phone {\n  when channel == phone\n"
        "  fee per request\n}\n",
    ),
    Case(
        "statement_twice",
        "PL507",
        "sla all {\n  response within 4 hours on office\n  response within 2 hours on office\n}\n",
    ),
    Case(
        "refusal_lifts_twice",
        "PL507",
        'refusal gone {\n  lifts resolution\n  lifts response\n  reason "Gone."\n}\n',
    ),
    Case(
        "then_on_a_sequential_rule",
        "PL515",
        'lifecycle sequential one_at_a_time "One after another" {\n  then closed\n}\n',
    ),
    Case(
        "timing_on_a_sequential_rule",
        "PL516",
        "lifecycle sequential one_at_a_time {\n  within 7 calendar days from opened\n}\n",
    ),
    Case("rule_without_party", "PL508", 'responsibility desk {\n  team "Support"\n}\n'),
    Case(
        "role_without_duty_or_performer",
        "PL508",
        'responsibility desk {\n  receiver provider "Any employee"\n  assists customer\n}\n',
    ),
    Case(
        "responsibility_type_unknown",
        "PL215",
        'type change "Change" {\n  kind change\n}\n\n' + _SLA_FOR_ALL
        + 'responsibility desk {\n  party customer\n  type chnage\n  item forms "Forms"\n}\n',
    ),
    Case(
        "responsibility_type_without_items",
        "PL542",
        'type change "Change" {\n  kind change\n}\n\n' + _SLA_FOR_ALL
        + "responsibility desk {\n  party customer\n  type change\n}\n",
    ),
    Case(
        "item_given_two_types",
        "PL541",
        'type mine "Mine" {\n  kind change\n}\n\ntype yours "Yours" {\n  kind change\n}\n\n'
        + _SLA_FOR_ALL
        + 'responsibility customer_list {\n  party customer\n  type mine\n  item forms "Forms"\n'
        "  cite hours\n}\n\nresponsibility provider_list {\n  party provider\n  type yours\n"
        '  item forms "Forms"\n}\n',
    ),
    Case(
        "acknowledges_a_check_error",
        "PL214",
        'note interpretation known "A known reading" {\n  about hours\n  acknowledges PL601, PL505\n'
        "}\n",
    ),
    Case(
        "performer_twice",
        "PL507",
        "responsibility desk {\n  responsible customer\n  performer provider\n"
        '  performer vendor "BPMSoft"\n}\n',
    ),
    Case(
        "party_beside_roles",
        "PL540",
        'responsibility desk {\n  party provider\n  team "Support"\n  responsible customer\n}\n',
    ),
    Case(
        "syntax_role_misspelled",
        "PL102",
        'responsibility desk {\n  responsibel customer\n  performer provider\n}\n',
    ),
    Case(
        "syntax_role_party_misspelled",
        "PL102",
        'responsibility desk {\n  responsible third_parti\n  performer provider\n}\n',
    ),
    Case(
        "charge_without_fee",
        "PL508",
        'charge phone {\n  when channel == phone\n  reason "Phone costs extra"\n}\n',
    ),
    Case(
        "billable_retired",
        "PL530",
        "charge phone {\n  when channel == phone\n  billable yes\n}\n\n"
        "charge otherwise {\n  billable no\n}\n",
    ),
    Case(
        "rate_on_an_included_line",
        "PL531",
        "charge phone {\n  when channel == phone\n  included\n  rate 1500.00 RUB\n}\n",
    ),
    Case(
        "rate_of_nothing",
        "PL531",
        "charge phone {\n  when channel == phone\n  fee per hour\n  rate 0 RUB\n}\n",
    ),
    Case(
        "currency_misspelled",
        "PL532",
        "charge phone {\n  when channel == phone\n  fee per hour\n  rate 1500.00 RUR\n}\n",
    ),
    Case(
        "replaces_unknown_rule",
        "PL209",
        "charge phone {\n  when channel == phone\n  fee per request\n  replaces portl\n}\n\n"
        "charge portal {\n  when channel == portal\n  included\n}\n",
    ),
    Case(
        "replaces_in_a_cycle",
        "PL533",
        "charge phone {\n  when channel == phone\n  fee per request\n  replaces portal\n}\n\n"
        "charge portal {\n  when channel == portal\n  included\n  replaces phone\n}\n",
    ),
    Case(
        "replaces_itself",
        "PL533",
        "charge phone {\n  when channel == phone\n  fee per request\n  replaces phone\n}\n",
    ),
    Case(
        "otherwise_with_condition",
        "PL509",
        "charge otherwise {\n  when channel == phone\n  fee per request\n}\n",
    ),
    Case(
        "requires_zero_events",
        "PL510",
        "lifecycle cancellation cancel {\n  after 24 hours around the clock from first contact_failed\n"
        "  requires 0 contact_failed\n}\n",
    ),
    Case(
        "pause_without_span",
        "PL508",
        "pause waiting {\n  clocks resolution\n}\n",
    ),
    Case(
        "pause_same_events",
        "PL514",
        "pause waiting {\n  clocks resolution\n  from waiting_on_customer until waiting_on_customer\n}\n",
    ),
    Case(
        "type_without_a_kind",
        "PL534",
        'type bug "Bug"\n\nsla all {\n  response best effort\n}\n',
    ),
    Case(
        "severity_on_a_type_beside_priorities",
        "PL535",
        'type bug "Bug" {\n  kind incident\n  severity high\n}\n\nsla all {\n'
        "  response best effort\n}\n",
    ),
    Case(
        "kind_on_a_priority",
        "PL512",
        'priority urgent "Urgent" {\n  kind incident\n}\n',
    ),
    Case(
        "syntax_kind_misspelled",
        "PL102",
        'type bug "Bug" {\n  kind incidnet\n}\n',
    ),
    Case(
        "category_on_priority",
        "PL512",
        'category errors "Errors"\n\npriority urgent "Urgent" {\n  category errors\n}\n',
    ),
    Case(
        "several_errors_sorted",
        "PL203",
        "sla all {\n  when chanel == phone\n  response within 4 hours on ofice\n"
        "  resolution within 3 days\n}\n",
    ),
    Case(
        "obligation_during_twice",
        "PL507",
        'obligation guide {\n  description "Guide."\n  during office\n  during office\n}\n',
    ),
)
