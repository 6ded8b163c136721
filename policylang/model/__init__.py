"""The compiled model: what the compiler builds and the runtime reads, immutable.

``inputs`` (what a request carries), ``sources`` (citations and notes), ``outcomes`` (targets,
handlers, charges), ``rules`` (conditions, rule lists and their index, selections, the verdict
of one rule) and ``policy`` (:class:`~policylang.model.policy.CompiledPolicy`, one version of one
policy). It imports only the calendar: no AST, no Lark, nothing of the language stage.
"""
