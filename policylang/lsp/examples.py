"""Code lenses over the cases of a ``*.tests.yaml`` file: "evaluate this example".

A lens above each case runs the ``policylang.evaluateExample`` command: the case is run as
`policylang test` runs it, against the policies of the file's directory (with the texts the
editor holds for them), and the answer is the case's status and the decision JSON the case was
matched against (v2, full detail).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lsprotocol import types

import policylang
from policylang import editor

__all__ = ["EVALUATE_EXAMPLE", "TESTS_SUFFIX", "evaluate_example", "example_lenses", "summary"]

#: The command a lens runs; also sent by any client as `workspace/executeCommand`.
EVALUATE_EXAMPLE = "policylang.evaluateExample"
TESTS_SUFFIX = ".tests.yaml"


def example_lenses(uri: str, path: str) -> list[types.CodeLens]:
    """One lens per case of a tests file (none while the file as a whole is unusable)."""
    try:
        tests = editor.load_tests_file(Path(path))
    except editor.TestFileError:
        return []
    lenses = []
    for number, case in enumerate(tests.cases):
        line = max(case.line - 1, 0)
        lenses.append(
            types.CodeLens(
                range=types.Range(types.Position(line, 0), types.Position(line, 0)),
                command=types.Command(
                    title="\u25b6 Evaluate this example",
                    command=EVALUATE_EXAMPLE,
                    arguments=[uri, number],
                ),
            )
        )
    return lenses


def evaluate_example(path: str, number: int, unsaved: Mapping[str, str]) -> dict[str, Any]:
    """Run case ``number`` of the tests file at ``path``: its status, message and decision."""
    try:
        tests = editor.load_tests_file(Path(path))
    except editor.TestFileError as error:
        return {"status": "error", "message": str(error)}
    if not 0 <= number < len(tests.cases):
        return {"status": "error", "message": f"the file has no case {number + 1}"}
    case = tests.cases[number]
    directory = Path(path).parent
    try:
        policies = policylang.load(directory, unsaved=unsaved)
    except policylang.PolicyError as error:
        return {
            "name": case.name,
            "status": "error",
            "message": f"the policies of this directory do not load: {error}",
        }
    result = editor.run_case(policies, tests, case)
    return {
        "name": case.name,
        "status": result.status,
        "message": result.message,
        "diff": result.diff,
        "decision": dict(result.decision) if result.decision is not None else None,
    }


def summary(outcome: Mapping[str, Any]) -> str:
    """One line for a pop-up: the case, its status and why."""
    name = outcome.get("name", "example")
    status = outcome["status"]
    first = (outcome.get("message") or "").split("\n", 1)[0]
    return f"{name}: {status}" + (f" \u2014 {first}" if first else "")


def decision_text(outcome: Mapping[str, Any]) -> str:
    """The decision as indented JSON (for the client's log)."""
    return json.dumps(outcome.get("decision"), indent=2, ensure_ascii=False)
