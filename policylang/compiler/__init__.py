"""The compiler: checked AST -> compiled model.

``policy`` compiles one checked file into a :class:`~policylang.model.policy.CompiledPolicy`,
from ``conditions`` (``when`` -> three-valued predicates), ``calendars`` (declarations ->
business calendars), ``targets`` (durations on their clocks) and ``index`` (each rule list
pre-filtered per ticket type and priority); ``load`` checks and compiles paths into a
:class:`~policylang.runtime.policyset.PolicySet`. The compiler trusts the checker: it runs only
on files without errors.
"""
