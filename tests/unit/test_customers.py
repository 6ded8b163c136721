"""Customer layers: ``*.customers`` files checked against the policies loaded with them, and
requests that name a customer (docs/language.md, "Customers")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policylang
from policylang import PolicyError, RequestError
from policylang.lang.loader import check_paths
from policylang.runtime.policyset import PolicySet
from tests.syntax.cases import BASE

#: A customer of the golden policy (tests/syntax/cases.py), valid: each check case edits it.
VALID = """\
customer acme "ACME S.A." {
  policy golden
  set go_live = 2026-09-01
  set channel = portal
}
"""


#: Charge rules of the golden policy for the customers' rates: a fee per hour without its rate,
#: a fee without its unit, a fee with its own rate, a free line.
CHARGES = """
charge phone {
  when channel == phone
  fee per hour
}

charge portal {
  when channel == portal
  fee unspecified
}

charge priced {
  when channel == email
  fee per request
  rate 10.00 EUR
}

charge otherwise {
  included
}

sla all {
  response within 4 hours on office
}
"""

#: A valid customer with rates: each rate check case edits it.
RATED = VALID.replace(
    "  set channel = portal\n}", "  rate phone 1200.00 MXN\n  rate portal 300 MXN per request\n}"
)


def _layer(folder: Path, customers: str) -> Path:
    (folder / "golden.policy").write_text(BASE + CHARGES, encoding="utf-8")
    (folder / "acme.customers").write_text(customers, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("customers", "code", "where", "words", "hint"),
    [
        pytest.param(
            VALID.replace("policy golden", "policy goldn"),
            "PL216",
            "2:10",
            "unknown policy `goldn`",
            "did you mean `golden`?",
            id="unknown-policy",
        ),
        pytest.param(
            VALID.replace("set go_live", "set golive"),
            "PL217",
            "3:7",
            "unknown input `golive`",
            "did you mean `go_live`?",
            id="unknown-input",
        ),
        pytest.param(
            VALID.replace("set go_live", "set opened_at"),
            "PL217",
            "3:7",
            "unknown input `opened_at`",
            "a request could send",
            id="opening-instant-is-per-request",
        ),
        pytest.param(
            VALID.replace("2026-09-01", '"September"'),
            "PL302",
            "3:17",
            "`go_live` is date, but this value is a text",
            "write a date",
            id="wrong-kind",
        ),
        pytest.param(
            VALID.replace("channel = portal", "channel = portl"),
            "PL301",
            "4:17",
            "`portl` is not a value of `channel`",
            "did you mean `portal`?",
            id="enum-value-did-you-mean",
        ),
        pytest.param(
            VALID + VALID.replace('"ACME S.A."', ""),
            "PL218",
            "6:10",
            "customer `acme` is declared twice",
            "its own id",
            id="duplicate-customer",
        ),
        pytest.param(
            VALID.replace("  policy golden\n", ""),
            "PL517",
            "1:10",
            "customer `acme` names no policy",
            "policy clever_ideas",
            id="no-policy",
        ),
        pytest.param(
            VALID.replace("set channel = portal", "set go_live = 2026-10-01"),
            "PL517",
            "4:7",
            "`go_live` is set twice",
            "each input once",
            id="fact-set-twice",
        ),
        pytest.param(
            VALID + 'clause c "text"\n',
            "PL517",
            "6:1",
            "holds only `customer` declarations",
            "`.policy` file",
            id="policy-declaration-in-a-customers-file",
        ),
        pytest.param(
            RATED.replace("rate phone", "rate phon"),
            "PL209",
            "4:8",
            "unknown charge rule `phon`",
            "did you mean `phone`?",
            id="rate-of-an-unknown-rule",
        ),
        pytest.param(
            RATED.replace("rate phone", "rate all"),
            "PL209",
            "4:8",
            "`all` is not a charge rule of policy `golden` (it is a `sla` rule)",
            "prices the line of a charge rule",
            id="rate-of-a-rule-that-is-not-a-charge",
        ),
        pytest.param(
            RATED.replace("rate phone", "rate otherwise"),
            "PL531",
            "4:3",
            "charge `otherwise` is `included`; it has no rate",
            "prices a fee line",
            id="rate-of-an-included-line",
        ),
        pytest.param(
            RATED.replace("1200.00", "0.00"),
            "PL531",
            "4:14",
            "rate `0.00` is not an amount",
            "write a positive amount",
            id="rate-of-zero",
        ),
        pytest.param(
            RATED.replace("1200.00 MXN", "1200.00 MXP"),
            "PL532",
            "4:22",
            "unknown currency `MXP`",
            "no longer in use; write the current code",
            id="currency-no-longer-in-use",
        ),
        pytest.param(
            RATED.replace("1200.00 MXN", "1200.00 QQQ"),
            "PL532",
            "4:22",
            "unknown currency `QQQ`",
            "an ISO 4217 code",
            id="currency-not-iso-4217",
        ),
        pytest.param(
            RATED.replace("rate phone", "rate priced"),
            "PL536",
            "4:3",
            "policy `golden` already states the rate of `priced`",
            "only a rate the policy leaves open",
            id="rate-the-policy-states",
        ),
        pytest.param(
            RATED.replace(" per request", ""),
            "PL536",
            "5:3",
            "charge `portal` does not say per what it charges; the rate must say it",
            "`rate portal 300 MXN per hour`",
            id="rate-without-the-unit-the-rule-leaves-open",
        ),
        pytest.param(
            RATED.replace("1200.00 MXN", "1200.00 MXN fixed"),
            "PL536",
            "4:26",
            "charge `phone` is `fee per hour`, not `fee fixed`",
            "leave the unit out",
            id="rate-unit-against-the-rules",
        ),
        pytest.param(
            RATED.replace("per request", "unspecified"),
            "PL536",
            "5:23",
            "states its unit or takes the rule's",
            "`per request`, `per hour` or `fixed`",
            id="rate-unit-unspecified",
        ),
        pytest.param(
            RATED.replace("rate portal 300 MXN per request", "rate phone 1300.00 MXN"),
            "PL517",
            "5:8",
            "the rate of `phone` is fixed twice",
            "each charge rule's rate once",
            id="rate-fixed-twice",
        ),
    ],
)
def test_customers_file_check(
    tmp_path: Path, customers: str, code: str, where: str, words: str, hint: str
) -> None:
    report = check_paths([_layer(tmp_path, customers)])
    found = [d for d in report.errors if d.code == code]
    assert len(found) == 1, report.diagnostics
    (diagnostic,) = found
    assert diagnostic.span is not None
    assert diagnostic.span.path.endswith("acme.customers")
    assert f"{diagnostic.span.line}:{diagnostic.span.column}" == where
    assert words in diagnostic.message
    assert diagnostic.help is not None and hint in diagnostic.help
    assert len(report.errors) == 1, report.errors


def test_a_duplicated_customer_is_still_checked(tmp_path: Path) -> None:
    """Every problem at once: the second `acme` is a duplicate *and* names an unknown policy."""
    second = VALID.replace('"ACME S.A."', "").replace("policy golden", "policy goldn")
    report = check_paths([_layer(tmp_path, VALID + second)])
    assert sorted((d.code, d.span.line if d.span else 0) for d in report.errors) == [
        ("PL216", 7),
        ("PL218", 6),
    ]


def test_valid_customers_file_loads(tmp_path: Path) -> None:
    policies = policylang.load(_layer(tmp_path, VALID))
    customer = policies.customers["golden"]["acme"]
    assert (customer.name, dict(customer.spelled)) == (
        "ACME S.A.",
        {"go_live": "2026-09-01", "channel": "portal"},
    )


def test_a_customers_error_blocks_loading(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="PL217"):
        policylang.load(_layer(tmp_path, VALID.replace("set go_live", "set golive")))


REQUEST = {"policy": "golden", "opened_at": "2026-10-05T10:00:00+03:00", "customer": "acme"}


@pytest.mark.parametrize(
    ("extra", "field", "words", "allowed"),
    [
        pytest.param(
            {"customer": "acm"},
            "customer",
            "`acm` is not a customer of policy `golden`",
            ("acme",),
            id="unknown-customer",
        ),
        pytest.param(
            {"customer": 7},
            "customer",
            "must be a customer id",
            ("acme",),
            id="not-a-string",
        ),
        pytest.param(
            {"go_live": "2026-09-02"},
            "go_live",
            "'2026-09-02' contradicts customer `acme`, whose contract fixes `go_live` = 2026-09-01",
            ("2026-09-01",),
            id="contradicts-a-fact",
        ),
        pytest.param(
            {"channel": "phone"},
            "channel",
            "'phone' contradicts customer `acme`, whose contract fixes `channel` = portal",
            ("portal",),
            id="contradicts-an-enum-fact",
        ),
    ],
)
def test_request_customer_problems(
    tmp_path: Path, extra: dict[str, Any], field: str, words: str, allowed: tuple[str, ...]
) -> None:
    policies = policylang.load(_layer(tmp_path, VALID))
    with pytest.raises(RequestError) as raised:
        policies.normalize({**REQUEST, **extra})
    (problem,) = raised.value.problems
    assert (problem.field, problem.allowed) == (field, allowed)
    assert words in problem.message


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param({}, {"go_live": "2026-09-01", "channel": "portal"}, id="facts-fill"),
        pytest.param(
            {"go_live": "2026-09-01"},
            {"go_live": "2026-09-01", "channel": "portal"},
            id="agreeing-value-accepted",
        ),
    ],
)
def test_request_takes_the_customers_facts(
    tmp_path: Path, extra: dict[str, Any], expected: dict[str, str]
) -> None:
    policies = policylang.load(_layer(tmp_path, VALID))
    normalized = policies.normalize({**REQUEST, **extra})
    assert normalized.customer == "acme"
    got = {name: str(normalized.values[name]) for name in expected}
    assert got == expected


def test_a_policy_without_customers_rejects_the_field(tmp_path: Path) -> None:
    (tmp_path / "golden.policy").write_text(BASE, encoding="utf-8")
    with pytest.raises(RequestError, match="no customers file names policy `golden`"):
        policylang.load(tmp_path).normalize(REQUEST)


def test_the_decision_names_the_customer(tmp_path: Path) -> None:
    policies = policylang.load(_layer(tmp_path, VALID))
    assert policies.evaluate({**REQUEST, "ask": ["sla"]}).to_json()["customer"] == "acme"
    plain = {k: v for k, v in REQUEST.items() if k != "customer"}
    assert policies.evaluate({**plain, "ask": ["sla"]}).to_json()["customer"] is None


def test_fmt_round_trips_a_customers_file() -> None:
    messy = 'customer  acme "ACME" {   policy golden\n set go_live=2026-09-01 # live\n}\n'
    tidy = policylang.format_text(messy, "acme.customers")
    assert (
        tidy == 'customer acme "ACME" {\n  policy golden\n  set go_live = 2026-09-01  # live\n}\n'
    )
    assert policylang.format_text(tidy, "acme.customers") == tidy


@pytest.mark.parametrize(
    ("channel", "customer", "line"),
    [
        pytest.param("phone", "acme", ("phone", "per_hour", "1200.00", "MXN"), id="customer-rate"),
        pytest.param("phone", None, ("phone", "per_hour", None, None), id="amount-not-stated"),
        pytest.param(
            "portal", "acme", ("portal", "per_request", "300", "MXN"), id="customer-rate-and-unit"
        ),
        pytest.param("portal", None, ("portal", "unspecified", None, None), id="unit-not-stated"),
        pytest.param("email", "acme", ("priced", "per_request", "10.00", "EUR"), id="policy-rate"),
    ],
)
def test_a_charge_line_carries_the_customers_rate(
    tmp_path: Path, channel: str, customer: str | None, line: tuple[str | None, ...]
) -> None:
    policies = policylang.load(_layer(tmp_path, RATED))
    request = {**REQUEST, "channel": channel, "ask": ["charges"], "customer": customer}
    if customer is None:
        del request["customer"]
    for detail in ("compact", "full"):
        charges = policies.evaluate(request).to_json(detail=detail)["charges"]
        assert [(x["rule"], x["fee"], x["rate"], x["currency"]) for x in charges["lines"]] == [
            line
        ]
        assert charges["billable"] is True


def test_fmt_round_trips_a_customers_rate() -> None:
    messy = "customer acme {\n policy golden\n rate  phone 1200.00   MXN\nrate portal 3 MXN per  hour }\n"
    tidy = policylang.format_text(messy, "acme.customers")
    assert tidy == (
        "customer acme {\n  policy golden\n  rate phone 1200.00 MXN\n"
        "  rate portal 3 MXN per hour\n}\n"
    )
    assert policylang.format_text(tidy, "acme.customers") == tidy


def test_two_policy_sets_sharing_a_policy_keep_their_customers_rates(tmp_path: Path) -> None:
    """Found by review: the charge memo of a compiled policy was keyed by the customer's id, so
    a second policy set over the same compiled policies, with another rate for that id, answered
    the first set's rate."""
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = policylang.load(_layer(tmp_path / "one", RATED))
    second = policylang.load(_layer(tmp_path / "two", RATED.replace("1200.00", "5.00")))
    golden = first.latest("golden")
    sets = [
        PolicySet.from_policies([golden], {"golden": dict(s.customers["golden"])})
        for s in (first, second)
    ]
    request = {**REQUEST, "channel": "phone", "ask": ["charges"], "customer": "acme"}
    rates = [s.evaluate(request).to_json()["charges"]["lines"][0]["rate"] for s in sets]
    assert rates == ["1200.00", "5.00"]
