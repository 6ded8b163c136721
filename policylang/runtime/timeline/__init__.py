"""Ticket timelines: SLA clocks and lifecycle rules judged against a ticket's events.

Semantics are documented in docs/timelines.md and in the modules: :mod:`.events` (validation and
normalisation), :mod:`.clocks` (SLA status), :mod:`.lifecycle` (auto-confirm, cancellation,
deadlines, sequential processing).
"""
