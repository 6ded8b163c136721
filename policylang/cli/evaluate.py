"""``policylang eval`` and ``policylang explain``: answer one request.

Both read the request from a JSON file, stdin, or ``--set key=value`` flags, and exit 0 with an
answer, 1 when the request (or the policies) has problems, 2 on a usage error.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from policylang import DETAILS, Decision
from policylang.cli.common import (
    Failure,
    as_of_option,
    load_policies,
    policies_option,
    read_request,
    request_error_text,
)
from policylang.errors import RequestError
from policylang.explain import explain, human_duration

__all__ = ["eval_command", "explain_command"]

F = TypeVar("F", bound=Callable[..., Any])


def _request_options(function: F) -> F:
    function = click.option(
        "--set",
        "assignments",
        multiple=True,
        metavar="KEY=VALUE",
        help="Set a request field (repeatable). The value is read as JSON when it parses "
        "(numbers, true/false, null), else taken as a string.",
    )(function)
    function = as_of_option(function)
    function = policies_option(function)
    return click.argument("request_file", required=False, metavar="[REQUEST.json]")(function)


def _decide(
    policies_dir: Path, request_file: str | None, assignments: tuple[str, ...], **options: Any
) -> Decision:
    request = read_request(request_file, assignments)
    policies = load_policies(policies_dir)
    return policies.evaluate(request, **options)


@click.command("eval")
@_request_options
@click.option("--format", "output_format", type=click.Choice(["human", "json"]), default="human")
@click.option("--trace", is_flag=True, help="Also show every rule considered, in order.")
@click.option(
    "--detail",
    type=click.Choice(DETAILS),
    default="compact",
    help="With --format json: `full` inlines the texts of the clauses and notes cited "
    "(`compact`: ids, texts in `policylang catalogue`).",
)
def eval_command(
    *,
    request_file: str | None,
    assignments: tuple[str, ...],
    policies_dir: Path,
    as_of: dt.date | None,
    output_format: str,
    trace: bool,
    detail: str,
) -> None:
    """Answer one request: SLA due times, handler, billable, each with the rule that decided it.

    The request is a JSON object (`policy`, `opened_at` and the policy's inputs) read from
    REQUEST.json, from stdin (`-`, or when no file and no --set is given), or built with --set.

    \b
    Examples:
      policylang eval request.json
      policylang eval --set policy=bpmsoft_care --set opened_at=2026-03-06T17:20:00+03:00 \\
          --set priority=critical --format json
    """
    try:
        decision = _decide(policies_dir, request_file, assignments, as_of=as_of, trace=trace)
    except RequestError as error:
        if output_format == "json":
            click.echo(json.dumps(error.to_json(), ensure_ascii=False, indent=2))
            raise SystemExit(1) from None
        raise Failure(request_error_text(error)) from None
    if output_format == "json":
        click.echo(json.dumps(decision.to_json(detail), ensure_ascii=False, indent=2))
    else:
        click.echo(render_decision(decision.to_json("full")))


@click.command("explain")
@_request_options
def explain_command(
    request_file: str | None,
    assignments: tuple[str, ...],
    policies_dir: Path,
    as_of: dt.date | None,
) -> None:
    """Explain the answer to one request in plain sentences, quoting the clauses it rests on.

    Takes the request the way `policylang eval` does.
    """
    try:
        decision = _decide(policies_dir, request_file, assignments, as_of=as_of)
    except RequestError as error:
        raise Failure(request_error_text(error)) from None
    click.echo(explain(decision), nl=False)


# ---------------------------------------------------------------------------------- rendering


def render_decision(data: Mapping[str, Any]) -> str:
    """A decision's v2 JSON as a short aligned summary for a terminal."""
    policy, ticket = data["policy"], data["ticket"]
    rows: list[tuple[str, str]] = [
        ("policy", f"{policy['id']} {policy['version']} ({_effective(policy)})"),
        ("opened", data["opened_at"]),
    ]
    if data.get("customer"):
        rows.append(("customer", data["customer"]))
    fields = ("type", "kind", "category", "priority", "severity", "item")
    about = [f"{k} {ticket[k]}" for k in fields if ticket[k]]
    if about:
        rows.append(("ticket", ", ".join(about)))
    rows.extend(_part_rows(data))
    if data["notes"]:
        rows.append(("notes", ", ".join(data["notes"])))
    if data["timeline"] is not None:
        rows.extend(_timeline_rows(data["timeline"]))
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"{label:<{width}}{text}" if label else f"{'':<{width}}{text}" for label, text in rows]
    if data["trace"] is not None:
        lines.append("trace")
        steps = data["trace"]
        kinds = max((len(t["kind"]) for t in steps), default=0)
        rules = max((len(t["rule"]) for t in steps), default=0)
        lines.extend(
            f"  {t['kind']:<{kinds}}  {t['rule']:<{rules}}  {t['outcome']:<7}  {t['why']}"
            f"  ({t['span']})"
            for t in steps
        )
    return "\n".join(lines)


def _timeline_rows(timeline: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ticket's state at `now`: each SLA clock, then each lifecycle rule."""
    rows = [("now", str(timeline["now"]))]
    for kind in ("response", "resolution"):
        clock = timeline["sla"][kind]
        if clock["status"] is None:
            continue
        facts = [
            f"{name.replace('_', ' ')} {clock[name]}"
            for name in ("due_at", "stopped_at", "breached_at", "paused_since")
            if clock[name]
        ]
        rows.append((f"{kind} clock", ", ".join([clock["status"], *facts])))
    for rule in timeline["lifecycle"]:
        facts = [rule["state"]]
        if rule.get("deadline_at"):
            facts.append(f"deadline {rule['deadline_at']}")
        facts.extend(rule.get("why_not") or ())
        rows.append(("", f"{rule['id']}: {', '.join(facts)}"))
    rows.extend(("warning", str(w)) for w in timeline["warnings"])
    return rows


def _part_rows(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The rows of the parts asked (a part not asked is null and has none)."""
    rows: list[tuple[str, str]] = []
    if data["sla"] is not None:
        for kind in ("response", "resolution"):
            rows.extend(_target_rows(kind, data["sla"][kind]))
    if data["roles"] is not None:
        rows.extend(_roles_rows(data["roles"]))
    if data["charges"] is not None:
        rows.extend(_charges_rows(data["charges"]))
    entries = [*(data["lifecycle"] or ()), *(data["obligations"] or ())]
    applying = [o["rule"] for o in entries if o["applies"] is True]
    maybe = [o["rule"] for o in entries if o["applies"] is None]
    if applying:
        rows.append(("obligations", ", ".join(applying)))
    if maybe:
        rows.append(("maybe", ", ".join(maybe)))
    refusal = data["refusal"] or {"grounds": [], "possible": []}
    if refusal["grounds"]:
        rows.append(("refusable", ", ".join(g["rule"] for g in refusal["grounds"])))
    if refusal["possible"]:
        rows.append(("refusable if", ", ".join(g["rule"] for g in refusal["possible"])))
    return rows


def _shown(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _when(when: Mapping[str, Any]) -> str:
    if not when:
        return "otherwise"
    return " and ".join(
        f"{k} in [{', '.join(map(_shown, v))}]" if isinstance(v, list) else f"{k} == {_shown(v)}"
        for k, v in when.items()
    )


def _cases(
    cases: Sequence[Mapping[str, Any]], outcome: Callable[[Mapping[str, Any]], str]
) -> list[tuple[str, str]]:
    return [
        (
            "",
            f"  {_when(c['when'])} -> {outcome(c)}"
            + (f"  (rule {c['rule']})" if c["rule"] else ""),
        )
        for c in cases
    ]


def _state(part: Mapping[str, Any]) -> str:
    """A target's state, with its duration and due instant when it has them (each state has
    its own keys)."""
    words = _kind_of_time(part)
    if part.get("due_at"):
        words = f"due {part['due_at']}  ({words})"
    elif part.get("waiting_for"):
        words += f", waiting for {part['waiting_for']}"
    if part.get("until"):
        words += f" until {part['until']}"
    if part.get("lifted_by"):
        words += f" by {part['lifted_by']}"
    if part.get("estimate_at"):
        words += f", estimated {part['estimate_at']}"
    if part.get("extendable"):
        words += ", extendable"
    if part["state"] == "window":
        # No time is promised: when the work can start is the answer (itc's staff-guide hours).
        opens = "open now" if part["open_now"] else f"opens {part['opens_at']}"
        words += f" of calendar `{part['calendar']}`, {opens}"
    return words


def _kind_of_time(part: Mapping[str, Any]) -> str:
    """The state in words: its duration, or the input that sets (or set) its time."""
    words = str(part["state"]).replace("_", " ")
    if part.get("target"):
        return "within " + human_duration(part["target"], part["clock"], part["calendar"])
    if part.get("agreed_by") and part["state"] == "per_request":
        return f"{words}, to be agreed by {part['agreed_by']}"  # the input that will set it
    if part.get("agreed_by"):
        return f"agreed by {part['agreed_by']}"  # committed: the input set the due time
    return words


def _target_rows(kind: str, part: Mapping[str, Any]) -> list[tuple[str, str]]:
    if part["state"] == "depends":
        head = (kind, f"depends on {', '.join(part['depends_on'])}")
        return [head, *_cases(part["cases"], _state)]
    rule = f"  (rule {part['rule']})" if part["rule"] else ""
    return [(kind, _state(part) + rule)]


def _roles_rows(part: Mapping[str, Any]) -> list[tuple[str, str]]:
    def who(p: Mapping[str, Any]) -> str:
        performer = p["performer"] or p["responsible"]
        if performer is None:
            return "not stated"
        said = (
            f"{performer['party']}, {performer['team']}"
            if performer.get("team")
            else str(performer["party"])
        )
        responsible = p["responsible"]
        if responsible and responsible != performer:
            said += f" (responsible: {responsible['party']})"
        return said

    if part["state"] == "depends":
        head = ("handler", f"depends on {', '.join(part['depends_on'])}")
        return [head, *_cases(part["cases"], who)]
    if part["rule"] is None:
        return [("handler", "no rule applies")]
    return [("handler", f"{who(part)}  (rule {part['rule']})")]


def _charges_rows(part: Mapping[str, Any]) -> list[tuple[str, str]]:
    def fee(line: Mapping[str, Any]) -> str:
        rate = f" {line['rate']} {line['currency'] or ''}".rstrip() if line["rate"] else ""
        return f"{line['fee'].replace('_', ' ')}{rate}"

    verdict = {True: "yes", False: "no", None: "depends"}[part["billable"]]
    if not part["lines"] and not part["possible"]:
        return [("billable", "not stated (no charge rule applies)")]
    rows = [("billable", verdict)]
    rows.extend(("", f"  {fee(line)}  (rule {line['rule']})") for line in part["lines"])
    if part["possible"]:
        rows.append(("", f"  depends on {', '.join(part['depends_on'])}:"))
        rows.extend(_cases(part["possible"], fee))
    return rows


def _effective(policy: dict[str, Any]) -> str:
    """The version's date; an assumed one says that this earlier request is answered under it."""
    if policy.get("assumed_effective"):
        return f"effective {policy['effective']}, assumed: answered under its terms"
    return f"effective {policy['effective']}"
