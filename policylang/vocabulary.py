"""The fixed vocabulary of the language, in one place for the checker, compiler and docs."""

from __future__ import annotations

__all__ = [
    "DECLARATION_KEYWORDS",
    "EVENTS",
    "LIFECYCLE_KINDS",
    "NOTE_KINDS",
    "PARTIES",
    "REQUEST_FIELDS",
    "ROLES",
    "SEVERITIES",
    "TICKET_KINDS",
    "WEEKDAYS",
]

#: Keywords that start a top-level declaration (`note` and `lifecycle` take a kind first).
DECLARATION_KEYWORDS = (
    "policy",
    "clause",
    "note",
    "calendar",
    "input",
    "category",
    "type",
    "priority",
    "product",
    "responsibility",
    "sla",
    "charge",
    "lifecycle",
    "obligation",
    "refusal",
    "pause",
    "customer",
)

#: What a note records.
NOTE_KINDS = ("interpretation", "defect", "contradiction", "omission")

#: The kinds of lifecycle rule.
LIFECYCLE_KINDS = (
    "auto_confirm",
    "cancellation",
    "reply_deadline",
    "acceptance_window",
    "sequential",
    "processing_limit",
    "next_issue",
)

#: The standard ticket kinds (docs/vocabulary.md), ITIL-anchored: a type states one, a request may
#: name one, and a policy without types may test the request's in a condition (`kind == question`).
TICKET_KINDS = ("incident", "service_request", "question", "change", "complaint", "commercial")
#: The standard severities (docs/vocabulary.md): a priority (or a type) states one.
SEVERITIES = ("critical", "high", "medium", "low")

#: The request fields every policy shares (contract v2, docs/http-api.md), with what each is: a
#: policy cannot declare an input of one of these names, since a request could not send it.
REQUEST_FIELDS: dict[str, str] = {
    "policy": "the policy's id",
    "opened_at": "when the request was opened",
    "customer": "the customer whose layer fills the inputs",
    "kind": "the standard ticket kind",
    "severity": "the standard severity",
    "ask": "the parts of the decision asked for",
    "events": "the ticket's events",
    "now": "the instant a ticket's timeline is judged at",
}

#: Who can be responsible for a request.
PARTIES = ("customer", "provider", "vendor", "third_party")

#: The roles a responsibility gives parties: whose duty, who works the request, who takes it in,
#: who helps (repeatable), who is asked (repeatable).
ROLES = ("responsible", "performer", "receiver", "assists", "consulted")

#: Ticket events a lifecycle or SLA clock can start from, with what each means.
EVENTS: dict[str, str] = {
    "opened": "the request was registered",
    "responded": "the provider gave its first response",
    "processing_started": "the provider took the request up and started processing it",
    "resolved": "the provider marked the request resolved",
    "reopened": "the request was reopened after being resolved",
    "closed": "the request was closed",
    "waiting_on_customer": "the provider is waiting for the customer",
    "customer_replied": "the customer answered",
    "priority_changed": "the request's priority was changed",
    "completion_requested": "the provider asked the customer to confirm completion",
    "contact_failed": "an attempt to contact the customer failed",
    "clarification_requested": "the provider asked the customer a clarifying question",
    "previous_resolved": "the customer's previous request was resolved",
}

#: Weekday keywords in calendar order (Monday is 0, as in Python's ``date.weekday()``).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
