"""The runtime: a request and a compiled policy -> a Decision.

``policyset`` (versions by id and date; ``evaluate``), ``request`` (validate and normalise what a
support tool sends), ``timestamps`` (the one parser of its instants and dates), ``evaluator``
(first match, undecided answers, due times through ``deadlines``), ``decision`` (the answer and
its JSON), ``timeline/`` (ticket events, SLA clocks, lifecycle rules), ``explain`` (a decision in
plain sentences) and ``schema`` (the JSON Schema of a policy's requests). It reads the compiled
model and never imports the language stage or the compiler.
"""
