"""The example at the top of docs/calendars.md runs and says what its comments say."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "calendars.md"


def test_quick_start_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"```python\n(.*?)```", text, re.S)
    assert match is not None
    code = match.group(1)
    namespace: dict[str, object] = {}
    exec(compile(code, str(DOC), "exec"), namespace)
    # Each "expression  # result" line of the example, evaluated and compared.
    checked = 0
    for line in code.splitlines():
        expression, _, comment = line.partition("#")
        if not comment or "=" in expression.split("(")[0]:
            continue
        expected = comment.split(",")[0].strip()
        value = eval(expression.strip(), namespace)
        assert str(value) == expected, line
        checked += 1
    assert checked == 3
