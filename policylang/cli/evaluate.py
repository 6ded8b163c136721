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
from policylang.explain import explain

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
        click.echo(render_decision(decision.to_json_v1()))


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
    """A decision's JSON as a short aligned summary for a terminal."""
    policy, ticket = data["policy"], data["ticket"]
    rows: list[tuple[str, str]] = [
        ("policy", f"{policy['id']} {policy['version']} ({_effective(policy)})"),
        ("opened", data["opened_at"]),
    ]
    about = [f"{k} {ticket[k]}" for k in ("type", "category", "priority") if ticket[k]]
    if about:
        rows.append(("ticket", ", ".join(about)))
    for kind in ("response", "resolution"):
        rows.extend(_target_rows(kind, data["sla"][kind]))
    rows.extend(_handler_rows(data["handler"]))
    rows.extend(_billable_rows(data["billable"]))
    applying = [o["id"] for o in data["obligations"] if o["applies"] is True]
    maybe = [o["id"] for o in data["obligations"] if o["applies"] is None]
    if applying:
        rows.append(("obligations", ", ".join(applying)))
    if maybe:
        rows.append(("maybe", ", ".join(maybe)))
    refusal = data["refusal"]
    if refusal["grounds"]:
        rows.append(("refusable", ", ".join(g["rule"] for g in refusal["grounds"])))
    if refusal["possible"]:
        rows.append(("refusable if", ", ".join(g["rule"] for g in refusal["possible"])))
    if data["notes"]:
        rows.append(("notes", ", ".join(n["id"] for n in data["notes"])))
    if "timeline" in data:
        rows.extend(_timeline_rows(data["timeline"]))
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"{label:<{width}}{text}" if label else f"{'':<{width}}{text}" for label, text in rows]
    if "trace" in data:
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


def _cases(
    cases: Sequence[Mapping[str, Any]], outcome: Callable[[Mapping[str, Any]], str]
) -> list[tuple[str, str]]:
    return [("", f"  {c['when']} -> {outcome(c)}  (rule {c['rule']})") for c in cases]


def _target_rows(kind: str, part: Mapping[str, Any]) -> list[tuple[str, str]]:
    if part.get("cases"):
        head = (kind, f"depends on {', '.join(part['depends_on'])}")
        return [head, *_cases(part["cases"], lambda c: str(c["text"]))]
    if part["rule"] is None:
        return [(kind, "no rule applies")]
    text = part.get("text") or part["commitment"]
    if part["due_at"]:
        text = f"due {part['due_at']}  ({text})"
    return [(kind, f"{text}  (rule {part['rule']})")]


def _handler_rows(part: Mapping[str, Any]) -> list[tuple[str, str]]:
    def who(p: Mapping[str, Any]) -> str:
        return f"{p['party']}, {p['team']}" if p.get("team") else str(p["party"])

    if part.get("cases"):
        head = ("handler", f"depends on {', '.join(part['depends_on'])}")
        return [head, *_cases(part["cases"], who)]
    if part["rule"] is None:
        return [("handler", "no rule applies")]
    return [("handler", f"{who(part)}  (rule {part['rule']})")]


def _billable_rows(part: Mapping[str, Any]) -> list[tuple[str, str]]:
    def yes_no(p: Mapping[str, Any]) -> str:
        return "yes" if p["value"] else "no"

    if part["cases"]:
        head = ("billable", f"depends on {', '.join(part['depends_on'])}")
        return [head, *_cases(part["cases"], yes_no)]
    if part["rule"] is None:
        return [("billable", "not stated (no charge rule applies)")]
    return [("billable", f"{yes_no(part)}  (rule {part['rule']})")]


def _effective(policy: dict[str, Any]) -> str:
    """The version's date; an assumed one says that this earlier request is answered under it."""
    if policy.get("assumed_effective"):
        return f"effective {policy['effective']}, assumed: answered under its terms"
    return f"effective {policy['effective']}"
