"""The tools above the pipeline: what the commands beyond check and eval are built from.

``batch`` (a file of requests answered line by line), ``compliance`` (SLA compliance over tickets
with events), ``testing/`` (the ``*.tests.yaml`` runner), ``lint/`` (static analysis beyond the
checker), ``docgen/`` (policy pages and redlines) and ``yamlload`` (YAML with line numbers, safely).
They use the language stage, the compiler and the runtime; the shells use them through the front.
"""
