"""``policylang schema POLICY``: the JSON Schema of a policy's requests; ``policylang catalogue
POLICY``: the texts behind a decision's ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from policylang import request_schema
from policylang.cli.common import (
    Failure,
    as_of_option,
    load_policies,
    policies_option,
)
from policylang.errors import RequestError

__all__ = ["catalogue_command", "schema_command"]


@click.command("schema")
@click.argument("policy_id", metavar="POLICY")
@policies_option
@as_of_option
def schema_command(policy_id: str, policies_dir: Path, as_of: dt.date | None) -> None:
    """Print the JSON Schema (draft 2020-12) of requests to POLICY, from its declared inputs.

    The latest version's inputs, or those of the version in force on --as-of.
    """
    policies = load_policies(policies_dir)
    try:
        policy = (
            policies.latest(policy_id) if as_of is None else policies.in_force(policy_id, as_of)
        )
    except RequestError as error:
        raise Failure("; ".join(str(p) for p in error.problems)) from None
    click.echo(
        json.dumps(
            request_schema(policy, policies.customers.get(policy_id, {})),
            ensure_ascii=False,
            indent=2,
        )
    )


@click.command("catalogue")
@click.argument("policy_id", metavar="POLICY")
@click.option("--version", "version", default=None, help="A version label (default: the latest).")
@policies_option
def catalogue_command(policy_id: str, version: str | None, policies_dir: Path) -> None:
    """Print POLICY's catalogue: the texts behind a decision's clause and note ids, and every
    rule with its place (file:line) and the clauses it cites (JSON)."""
    policies = load_policies(policies_dir)
    try:
        document = policies.catalogue(policy_id, version)
    except RequestError as error:
        raise Failure("; ".join(str(p) for p in error.problems)) from None
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))
