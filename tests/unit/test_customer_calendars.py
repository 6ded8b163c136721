"""Customer calendar layers: ``calendar CAL { closed ... open ... holidays ... }`` in a customer,
a layer over the policy's calendar for that customer's requests (docs/language.md, "Customers").

The holidays the cases lean on are python-holidays' (checked when the cases were written):
Thanksgiving is 2026-11-26 in the US, and Texas adds the Friday after it (2026-11-27); Russia
is closed 2026-12-31 and 2027-01-01 to 2027-01-08.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

import policylang
from policylang.explain import explain
from policylang.lang.diagnostics import Severity
from policylang.lang.loader import check_paths
from policylang.runtime.policyset import PolicySet
from tests.cli.inproc import run
from tests.conftest import ROOT
from tests.unit.evalfixtures import policy_header

POLICY = (
    policy_header("layered", "Calendars a customer layers", "Europe/Moscow")
    + """
calendar office {
  hours mon-fri 09:00-18:00
  holidays RU
}

calendar desk extends office {
  open 2026-12-31 10:00-12:00 "The desk answers on the 31st"
}

input channel: enum [email, phone] default email

sla by_email {
  when channel == email
  response within 4 hours on office
}

sla by_phone {
  when channel == phone
  response within 4 hours on desk
}

charge in_hours {
  when opened_at during office
  included
}

charge after_hours {
  when not opened_at during office
  fee per request
}

obligation answer "Answer in office hours" {
  party provider
  description "Answer the request in office hours."
  during office
}
"""
)

CLOSURE = 'calendar office {\n    closed 2026-12-28 to 2026-12-31 "Plant closure"\n  }'

CUSTOMERS = f"""\
customer plain {{
  policy layered
}}

customer closure {{
  policy layered
  {CLOSURE}
}}

customer closure_too {{
  policy layered
  {CLOSURE}
}}

customer opens {{
  policy layered
  calendar office {{
    open 2027-01-05 09:00-18:00 "Support on a holiday, by contract"
  }}
}}

customer us {{
  policy layered
  calendar office {{
    holidays US
  }}
}}

customer texas {{
  policy layered
  calendar office {{
    holidays US subdivision "TX"
  }}
}}
"""


def _write(folder: Path, customers: str = CUSTOMERS, *, second: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "layered.policy").write_text(POLICY, encoding="utf-8")
    if second is not None:
        (folder / "layered_2.policy").write_text(second, encoding="utf-8")
    (folder / "acme.customers").write_text(customers, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> PolicySet:
    return policylang.load(_write(tmp_path_factory.mktemp("layers")))


def _request(opened: str, customer: str | None, **inputs: Any) -> dict[str, Any]:
    request: dict[str, Any] = {"policy": "layered", "opened_at": opened, **inputs}
    if customer is not None:
        request["customer"] = customer
    return request


# ---------------------------------------------------------------------- the checker

#: A customer of the policy, valid: each check case adds a line to its calendar block.
VALID = "customer acme {\n  policy layered\n  calendar office {\n    closed 2026-12-28\n  }\n}\n"


def _in_layer(line: str) -> str:
    return VALID.replace("    closed 2026-12-28\n", f"    closed 2026-12-28\n    {line}\n")


_OFFER = "weekly hours and the zone are the policy's offer"


@pytest.mark.parametrize(
    ("customers", "code", "where", "words", "hint"),
    [
        pytest.param(
            VALID.replace("calendar office", "calendar ofice"),
            "PL203",
            "3:12",
            "unknown calendar `ofice`",
            "did you mean `office`?",
            id="unknown-calendar",
        ),
        pytest.param(
            VALID.replace("calendar office", "calendar lobby"),
            "PL203",
            "3:12",
            "unknown calendar `lobby`",
            "a customer layers a calendar of policy `layered` (declared: `office`, `desk`)",
            id="unknown-calendar-lists-the-policy-s",
        ),
        pytest.param(
            VALID.replace("  }\n}", "  }\n  calendar office {\n    closed 2026-12-29\n  }\n}"),
            "PL517",
            "6:12",
            "calendar `office` is layered twice",
            "layers each calendar once",
            id="calendar-layered-twice",
        ),
        pytest.param(
            _in_layer('zone "Europe/Berlin"'),
            "PL517",
            "5:5",
            "a customer's calendar layer cannot change the zone",
            _OFFER,
            id="zone",
        ),
        pytest.param(
            _in_layer("hours mon-fri 08:00-20:00"),
            "PL517",
            "5:5",
            "cannot change weekly hours",
            "a tier input or a policy of its own",
            id="hours",
        ),
        pytest.param(
            _in_layer("hours 24/7"),
            "PL517",
            "5:5",
            "cannot change weekly hours (`hours 24/7`)",
            _OFFER,
            id="hours-24-7",
        ),
        pytest.param(
            _in_layer("weekend workdays 10:00-14:00"),
            "PL517",
            "5:5",
            "cannot change the hours of working weekend days",
            _OFFER,
            id="weekend-workdays",
        ),
        pytest.param(
            _in_layer("preholiday shortened 1 hour"),
            "PL517",
            "5:5",
            "cannot change a pre-holiday shortening",
            _OFFER,
            id="preholiday-shortened",
        ),
        pytest.param(
            _in_layer("cite hours"),
            "PL517",
            "5:5",
            "a customer's calendar layer has no `cite`",
            "in its label",
            id="cite",
        ),
        pytest.param(
            _in_layer("closed 2026-02-30"),
            "PL106",
            "5:12",
            "February 2026 has no day 30",
            None,
            id="invalid-date",
        ),
        pytest.param(
            _in_layer("closed 2026-12-31 to 2026-12-30"),
            "PL416",
            "5:5",
            "the closed range ends (2026-12-30) before it starts (2026-12-31)",
            "the earlier date first",
            id="closed-range-backwards",
        ),
        pytest.param(
            _in_layer("open 2027-01-05 18:00-09:00"),
            "PL404",
            "5:21",
            "the interval `18:00-09:00` ends before it starts",
            "add `overnight`",
            id="interval-backwards",
        ),
        pytest.param(
            _in_layer("open 2027-01-05 09:00-13:00, 12:00-18:00"),
            "PL405",
            "5:34",
            "`12:00-18:00` overlaps `09:00-13:00`",
            "merge the two intervals",
            id="intervals-overlap",
        ),
        pytest.param(
            _in_layer("holidays UST"),
            "PL402",
            "5:14",
            "unknown holiday country `UST`",
            "did you mean `US`?",
            id="holiday-country",
        ),
        pytest.param(
            _in_layer('holidays US subdivision "TXX"'),
            "PL403",
            "5:29",
            "unknown subdivision `TXX` of US",
            "did you mean `TX`?",
            id="holiday-subdivision",
        ),
        pytest.param(
            _in_layer("open 2026-12-28 10:00-12:00"),
            "PL415",
            "5:10",
            "2026-12-28 is declared both closed and open",
            "within one layer neither can win",
            id="closed-and-open",
        ),
    ],
)
def test_customer_calendar_check(
    tmp_path: Path, customers: str, code: str, where: str, words: str, hint: str | None
) -> None:
    report = check_paths([_write(tmp_path, customers)])
    (diagnostic,) = report.errors
    assert diagnostic.code == code
    assert diagnostic.span is not None and diagnostic.span.path.endswith("acme.customers")
    assert f"{diagnostic.span.line}:{diagnostic.span.column}" == where
    assert words in diagnostic.message
    if hint is None:
        assert diagnostic.help is None
    else:
        assert diagnostic.help is not None and hint in diagnostic.help


#: The years a holidays region has data for, against the calendar it layers (RU: 1991-2100;
#: python-holidays publishes LK to 2026 only): the warnings each layer gets, as (code, message).
REGION_YEARS = {
    "narrower-region": (
        "holidays LK",
        POLICY,
        [("PL422", "`holidays LK` narrows calendar `office` for customer `acme` to 2003-2026, "
                   "the years python-holidays publishes")],
    ),
    "region-as-wide": ("holidays US", POLICY, []),
    # A calendar without holidays counts to 2200, MX's data ends in 2100: past the 50 years
    # from the effective date that requests are about, so no news.
    "region-ending-far-away": (
        "holidays MX",
        POLICY.replace("  holidays RU\n", "", 1),
        [],
    ),
    "calendar-already-as-narrow": (
        "holidays LK",
        POLICY.replace("holidays RU", "holidays RU\n  holidays LK"),
        [],
    ),
    "unknown-region-is-its-own-error": ("holidays QQ", POLICY, []),
}


@pytest.mark.parametrize(("statement", "policy", "warnings"), REGION_YEARS.values(), ids=REGION_YEARS)
def test_a_region_with_fewer_years_than_its_calendar_is_a_warning(
    tmp_path: Path, statement: str, policy: str, warnings: list[tuple[str, str]]
) -> None:
    _write(tmp_path, VALID.replace("closed 2026-12-28", statement))
    (tmp_path / "layered.policy").write_text(policy, encoding="utf-8")
    report = check_paths([tmp_path])
    found = [d for d in report.diagnostics if d.severity is Severity.WARNING]
    assert [(d.code, d.message) for d in found] == warnings
    for diagnostic in found:
        assert diagnostic.help is not None and "after 2026 cannot be answered" in diagnostic.help


def test_the_calendar_is_checked_against_every_version(tmp_path: Path) -> None:
    """The second version has no `desk`: layering it is an error, once, at the customer."""
    second = POLICY.replace('version "1"', 'version "2"').replace("2026-01-01", "2026-11-01")
    second = second.replace("desk", "counter")
    customers = VALID.replace("calendar office", "calendar desk")
    report = check_paths([_write(tmp_path, customers, second=second)])
    assert [(d.code, d.message, d.span.line if d.span else 0) for d in report.errors] == [
        ("PL203", "unknown calendar `desk`", 3)
    ]
    assert report.errors[0].help is not None and "`counter`" in report.errors[0].help


def test_a_customer_calendar_error_renders_with_its_place(tmp_path: Path) -> None:
    """Through the command line: file:line:col, the caret, the hint; no traceback."""
    _write(tmp_path, _in_layer("hours mon-fri 08:00-20:00"))
    result = run("check", ".", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert result.returncode == 1
    text = result.stdout + result.stderr
    assert "acme.customers:5:5: error[PL517]" in text
    assert "^^^^^" in text and _OFFER in text and "Traceback" not in text


def test_fmt_round_trips_a_customer_calendar() -> None:
    messy = (
        'customer acme {\npolicy layered\n calendar office {  closed 2026-12-28 to 2026-12-31 "x"'
        '\n open 2027-01-05   09:00-18:00\nholidays US subdivision  "TX" # region\n}}\n'
    )
    tidy = policylang.format_text(messy, "acme.customers")
    assert tidy == (
        "customer acme {\n  policy layered\n  calendar office {\n"
        '    closed 2026-12-28 to 2026-12-31 "x"\n    open 2027-01-05 09:00-18:00\n'
        '    holidays US subdivision "TX"  # region\n  }\n}\n'
    )
    assert policylang.format_text(tidy, "acme.customers") == tidy


# ---------------------------------------------------------------------- what the layer does


@pytest.mark.parametrize(
    ("customer", "channel", "opened", "due"),
    [
        pytest.param(None, "email", "2026-12-28T10:00:00+03:00", "2026-12-28T14:00:00+03:00",
                     id="no-customer"),
        pytest.param("plain", "email", "2026-12-28T10:00:00+03:00", "2026-12-28T14:00:00+03:00",
                     id="customer-without-calendars"),
        pytest.param("closure", "email", "2026-12-28T10:00:00+03:00",
                     "2027-01-11T13:00:00+03:00", id="closed-days-skipped"),
        pytest.param(None, "phone", "2026-12-28T10:00:00+03:00", "2026-12-28T14:00:00+03:00",
                     id="extending-calendar-no-customer"),
        # desk = office + the customer's layer + desk's own: the closure closes the 28th to
        # the 30th; desk's own `open` on the 31st, above the layer, still opens 10-12.
        pytest.param("closure", "phone", "2026-12-28T10:00:00+03:00",
                     "2027-01-11T11:00:00+03:00", id="extending-calendar-sees-the-layer"),
        pytest.param(None, "email", "2027-01-04T10:00:00+03:00", "2027-01-11T13:00:00+03:00",
                     id="holiday-closed"),
        pytest.param("opens", "email", "2027-01-04T10:00:00+03:00",
                     "2027-01-05T13:00:00+03:00", id="open-date-counts"),
        pytest.param(None, "email", "2026-11-26T10:00:00+03:00", "2026-11-26T14:00:00+03:00",
                     id="no-region"),
        pytest.param("us", "email", "2026-11-26T10:00:00+03:00", "2026-11-27T13:00:00+03:00",
                     id="country-holiday-closes"),
        pytest.param("texas", "email", "2026-11-26T10:00:00+03:00",
                     "2026-11-30T13:00:00+03:00", id="subdivision-holidays-close"),
    ],
)  # fmt: skip
def test_due_times_count_on_the_customer_s_layer(
    policies: PolicySet, customer: str | None, channel: str, opened: str, due: str
) -> None:
    request = {**_request(opened, customer, channel=channel), "ask": ["sla"]}
    fast = policies.evaluate(request).to_json()["sla"]["response"]["due_at"]
    # A mapping that is not a dict takes the careful path, not the fast one.
    careful = policies.evaluate(MappingProxyType(request)).to_json()["sla"]["response"]["due_at"]
    assert (fast, careful) == (due, due)


@pytest.mark.parametrize(
    ("customer", "charged", "open_now", "opens_at"),
    [
        pytest.param(None, "in_hours", True, "2026-12-28T10:00:00+03:00", id="no-customer"),
        pytest.param(
            "closure", "after_hours", False, "2027-01-11T09:00:00+03:00", id="closed-for-them"
        ),
    ],
)
def test_conditions_and_windows_read_the_layered_calendar(
    policies: PolicySet, customer: str | None, charged: str, open_now: bool, opens_at: str
) -> None:
    """`opened_at during office` and the obligation's window both see the closure."""
    decision = policies.evaluate(_request("2026-12-28T10:00:00+03:00", customer)).to_json()
    assert [line["rule"] for line in decision["charges"]["lines"]] == [charged]
    (obligation,) = decision["obligations"]
    assert obligation["window"] == {
        "calendar": "office",
        "open_now": open_now,
        "opens_at": opens_at,
    }
    text = explain(policies.evaluate(_request("2026-12-28T10:00:00+03:00", customer)))
    assert ("11 January 2027" in text) is (customer is not None)


def test_a_request_without_layers_keeps_the_policy_itself(policies: PolicySet) -> None:
    latest = policies.latest("layered")
    for customer in (None, "plain"):
        assert policies.normalize(_request("2026-12-28T10:00:00+03:00", customer)).policy is latest
    layered = policies.normalize(_request("2026-12-28T10:00:00+03:00", "closure")).policy
    assert layered is not latest and (layered.id, layered.version) == (latest.id, latest.version)


def test_equal_layers_share_one_variant(tmp_path: Path) -> None:
    policies = policylang.load(_write(tmp_path))
    # Nothing is compiled at load: each variant on the first request that needs it.
    assert (len(policies.variants), policies.variants.compiles) == (0, 0)

    def answering(customer: str) -> Any:
        return policies.normalize(_request("2026-12-28T10:00:00+03:00", customer)).policy

    variant = answering("closure")
    assert answering("closure_too") is variant
    assert answering("opens") is not variant
    assert answering("plain") is policies.latest("layered")
    for customer in ("us", "texas", "closure", "opens"):
        answering(customer)
    # One variant for each distinct layer (closure, opens, us, texas), each with its own
    # selection memo; the set's own memos are the policy's.
    assert (len(policies.variants), policies.variants.compiles) == (4, 4)
    assert len(policies.memos) == 1 and id(variant) not in policies.memos
    assert policies.variants.memo(variant) is not None


def test_each_version_has_its_variant(tmp_path: Path) -> None:
    """`as_of` picks the version, the customer its variant of that version."""
    second = POLICY.replace('version "1"', 'version "2"').replace("2026-01-01", "2026-11-01")
    second = second.replace("hours mon-fri 09:00-18:00", "hours mon-fri 08:00-17:00")
    policies = policylang.load(_write(tmp_path, second=second))
    request = {**_request("2026-11-26T10:00:00+03:00", "texas"), "ask": ["sla"]}

    def due(request: dict[str, Any], as_of: str | None = None) -> str:
        return str(policies.evaluate(request, as_of=as_of).to_json()["sla"]["response"]["due_at"])

    assert due(request) == "2026-11-30T12:00:00+03:00"
    assert due(request, "2026-10-01") == "2026-11-30T13:00:00+03:00"
    plain = {k: v for k, v in request.items() if k != "customer"}
    assert due(plain, "2026-10-01") == "2026-11-26T14:00:00+03:00"
    versions = {
        as_of: policies.normalize(request, as_of=as_of).policy.version
        for as_of in (None, "2026-10-01")
    }
    assert versions == {None: "2", "2026-10-01": "1"}
    assert policies.variants.compiles == 2


def test_a_hand_built_customer_without_a_variant_compiler_is_refused(
    policies: PolicySet,
) -> None:
    """Answering on the policy's own calendars would drop the customer's layers silently."""
    closure = policies.customers["layered"]["closure"]
    hand_built = PolicySet.from_policies(
        [policies.latest("layered")], {"layered": {"closure": closure}}
    )
    with pytest.raises(ValueError, match="layers calendars but the policy set has no variant"):
        hand_built.evaluate(_request("2026-12-28T10:00:00+03:00", "closure"))


#: What `explain` says of the customer and of a time counted on a calendar it layers.
EXPLAINED = {
    "no-customer": (None, "email", "answers a request opened", "on calendar `office`),"),
    "customer-without-layers": (
        "plain",
        "email",
        "answers a request of customer `plain` opened",
        "on calendar `office`),",
    ),
    "layered-calendar": (
        "closure",
        "email",
        "answers a request of customer `closure` opened",
        "on calendar `office` with the dates customer `closure`'s contract sets",
    ),
    "calendar-extending-a-layered-one": (
        "closure",
        "phone",
        "answers a request of customer `closure` opened",
        "on calendar `desk` with the dates customer `closure`'s contract sets",
    ),
}


@pytest.mark.parametrize(("customer", "channel", "header", "counted"), EXPLAINED.values(), ids=EXPLAINED)
def test_explain_names_the_customer_whose_dates_moved_a_time(
    policies: PolicySet, customer: str | None, channel: str, header: str, counted: str
) -> None:
    """A due time a customer's closure pushes past the new year is explained by that closure:
    the reader is told the calendar carries the customer's dates, not only the policy's."""
    text = explain(policies.evaluate(_request("2026-12-28T10:00:00+03:00", customer, channel=channel)))
    assert header in text
    assert counted in text
    assert ("contract sets" in text) is counted.endswith("contract sets")


def test_eval_shows_the_customer(tmp_path: Path) -> None:
    folder = _write(tmp_path / "policies")
    request = ["--set", "policy=layered", "--set", "opened_at=2026-12-28T10:00:00+03:00"]
    result = run("eval", "--policies", str(folder), *request, "--set", "customer=closure")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].split() == ["customer", "closure"]
    plain = run("eval", "--policies", str(folder), *request)
    assert "customer" not in plain.stdout.split()


# ------------------------------------------------ a holidays region only closes days

REGIONS = """\
customer hanoi {
  policy chatops
  calendar office {
    holidays VN
  }
}

customer shenzhen {
  policy bpmsoft_care
  calendar office {
    holidays CN
  }
}

customer dallas {
  policy bpmsoft_care
  calendar office {
    holidays US
  }
}
"""


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> PolicySet:
    """The bundled ChatOps and BPMSoft policies, with customers in three holidays regions."""
    folder = tmp_path_factory.mktemp("regions")
    for policy in ("chatops", "bpmsoft_care"):
        shutil.copy(ROOT / "policies" / f"{policy}.policy", folder)
    (folder / "regions.customers").write_text(REGIONS, encoding="utf-8")
    return policylang.load(folder)


#: (request beside the customer, customer, response due without it, response due with it).
REGION_CASES = {
    # VN works Saturday 22 August 2026 (a public-sector swap) and ChatOps does not follow the
    # swap (`closed 2026-08-22`): the customer's VN holidays must not open that Saturday.
    "a-region-s-working-weekend-day-opens-nothing": (
        {"policy": "chatops", "opened_at": "2026-08-21T17:00:00+07:00", "type": "noncritical_error"},
        "hanoi",
        "2026-08-24T17:00:00+07:00",
        "2026-08-24T17:00:00+07:00",
    ),
    # The swapped day off (31 August) is a day off of the region, so it closes for the
    # customer (then 1-2 September, National Day), though ChatOps itself works it.
    "a-region-s-day-off-closes": (
        {"policy": "chatops", "opened_at": "2026-08-28T17:00:00+07:00", "type": "noncritical_error"},
        "hanoi",
        "2026-08-31T17:00:00+07:00",
        "2026-09-03T17:00:00+07:00",
    ),
    # CN works Saturday 14 February 2026 before the Spring Festival: not BPMSoft's office.
    "spring-festival-closes-and-its-working-saturday-does-not-open": (
        {"policy": "bpmsoft_care", "opened_at": "2026-02-13T17:20:00+03:00", "priority": "critical"},
        "shenzhen",
        "2026-02-16T08:50:00+03:00",
        "2026-02-24T08:50:00+03:00",
    ),
    # BPMSoft shortens the eve of a Russian holiday by an hour (Labour Code art. 95); the eve
    # of Thanksgiving is not shortened for a customer with US holidays.
    "no-shortening-before-a-region-s-holiday": (
        {"policy": "bpmsoft_care", "opened_at": "2026-11-25T16:10:00+03:00", "priority": "critical"},
        "dallas",
        "2026-11-25T16:40:00+03:00",
        "2026-11-25T16:40:00+03:00",
    ),
}


@pytest.mark.parametrize(
    ("request_fields", "customer", "without", "with_customer"),
    REGION_CASES.values(),
    ids=REGION_CASES,
)
def test_a_holidays_region_only_closes_the_region_s_days_off(
    regions: PolicySet,
    request_fields: dict[str, str],
    customer: str,
    without: str,
    with_customer: str,
) -> None:
    def due(request: dict[str, str]) -> str:
        return str(regions.evaluate(request).to_json()["sla"]["response"]["due_at"])

    assert due(request_fields) == without
    assert due({**request_fields, "customer": customer}) == with_customer
