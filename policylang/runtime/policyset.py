"""A set of compiled policies, by id and effective date: what the evaluator answers from.

Several versions of one policy coexist; the version in force on the local date of the request's
``opened_at`` (in that version's zone) answers, or the one in force on ``as_of`` when given.
Asking before a policy's first version is a clear error, never a silent pick.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from policylang.calendar import CalendarError
from policylang.errors import RequestError, RequestProblem
from policylang.model.customers import Customer
from policylang.model.policy import CompiledPolicy
from policylang.runtime.candidates import merge_decisions
from policylang.runtime.decision import Decision
from policylang.runtime.decision_json import catalogue
from policylang.runtime.evaluator import SelectionMemo, decide
from policylang.runtime.request import NormalizedRequest, normalize, parse_as_of, parse_timestamp
from policylang.runtime.request_kinds import with_type
from policylang.runtime.required import unreached_inputs
from policylang.runtime.timestamps import read_instant
from policylang.runtime.variants import VARIANT_CACHE_SIZE, VariantCache, VariantCompiler
from policylang.text.suggestions import closest

__all__ = ["PolicySet"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Compiled policies by id, each id's versions sorted by effective date."""

    versions: Mapping[str, tuple[CompiledPolicy, ...]]
    #: The customer layers: policy id -> customer id -> customer (``*.customers`` files).
    customers: Mapping[str, Mapping[str, Customer]] = field(default_factory=dict)
    #: Compiles a version on a customer's calendar layers (``load()`` gives one): the variants
    #: answering customers with layers are compiled on their first request, none at load.
    compile_variant: VariantCompiler | None = field(default=None, repr=False, compare=False)
    #: How many variants the set keeps (the least recently used one goes first).
    variant_cache_size: int = field(default=VARIANT_CACHE_SIZE, repr=False, compare=False)
    #: Each version's selections already made (by ``id`` of the version: the set holds them
    #: alive), the evaluator's cache kept here, out of the immutable compiled policies. A
    #: customer variant's memo is kept with it, in ``variants``.
    memos: Mapping[int, SelectionMemo] = field(init=False, repr=False, compare=False)
    #: The customer variants compiled so far, the most recently used ``variant_cache_size``.
    variants: VariantCache = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        memos = {id(p): SelectionMemo(p) for vs in self.versions.values() for p in vs}
        object.__setattr__(self, "memos", memos)
        object.__setattr__(
            self, "variants", VariantCache(self.compile_variant, self.variant_cache_size)
        )

    @classmethod
    def from_policies(
        cls,
        policies: Iterable[CompiledPolicy],
        customers: Mapping[str, Mapping[str, Customer]] | None = None,
        *,
        compile_variant: VariantCompiler | None = None,
        variant_cache_size: int = VARIANT_CACHE_SIZE,
    ) -> PolicySet:
        """Group compiled policies by id (with their customers, by policy id, and what compiles
        the variants of those with calendar layers)."""
        grouped: dict[str, list[CompiledPolicy]] = {}
        for policy in policies:
            grouped.setdefault(policy.id, []).append(policy)
        return cls(
            {k: tuple(sorted(v, key=lambda p: p.effective)) for k, v in sorted(grouped.items())},
            customers or {},
            compile_variant,
            variant_cache_size,
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """The policy ids, sorted."""
        return tuple(self.versions)

    def __len__(self) -> int:
        return sum(len(v) for v in self.versions.values())

    def latest(self, policy_id: str) -> CompiledPolicy:
        """The most recent version of a policy."""
        return self._versions(policy_id)[-1]

    def version(self, policy_id: str, version: str | None = None) -> CompiledPolicy:
        """The version labelled ``version`` of a policy (the latest when None); an unknown
        policy or version is a `RequestError` naming the ones loaded."""
        versions = self._versions(policy_id)
        if version is None:
            return versions[-1]
        for candidate in versions:
            if candidate.version == version:
                return candidate
        labels = tuple(v.version for v in versions)
        raise RequestError(
            [
                RequestProblem(
                    "version",
                    f"policy `{policy_id}` has no version `{version}`",
                    labels,
                    closest(version, labels, cutoff=0.6),
                )
            ]
        )

    def catalogue(self, policy_id: str, version: str | None = None) -> dict[str, Any]:
        """The texts behind a decision's ids for one version of a policy (the latest when
        ``version`` is None): its clauses, notes and rules with their places
        (docs/python-api.md, "The catalogue")."""
        return catalogue(self.version(policy_id, version))

    def _versions(self, policy_id: Any) -> tuple[CompiledPolicy, ...]:
        versions = self.versions.get(policy_id) if isinstance(policy_id, str) else None
        if versions is None:
            message = (
                f"`{policy_id}` is not a loaded policy"
                if isinstance(policy_id, str)
                else "must be the id of a policy (a string)"
            )
            raise RequestError(
                [
                    RequestProblem(
                        "policy",
                        message,
                        self.ids,
                        closest(policy_id, self.ids, cutoff=0.6)
                        if isinstance(policy_id, str)
                        else None,
                    )
                ]
            )
        return versions

    def in_force(self, policy_id: str, moment: dt.datetime | dt.date) -> CompiledPolicy:
        """The version of ``policy_id`` in force at ``moment`` (a local date in its zone)."""
        versions = self._versions(policy_id)
        dates = [
            (moment.astimezone(v.tz).date() if isinstance(moment, dt.datetime) else moment)
            for v in versions
        ]
        index = bisect.bisect_right(
            [(v.effective, i) for i, v in enumerate(versions)], (dates[-1], len(versions))
        )
        # Zones may differ between versions: walk back to the last version in force on its own date.
        for i in range(min(index, len(versions)) - 1, -1, -1):
            if versions[i].effective <= dates[i]:
                return versions[i]
        first = versions[0]
        if first.effective_assumed:
            # The first version's date is the author's choice for an undated source: an earlier
            # ticket is answered under its terms (the decision says `assumed_effective`).
            return first
        raise RequestError(
            [
                RequestProblem(
                    "opened_at",
                    f"policy `{policy_id}` has no version in force on {dates[0].isoformat()}; its "
                    f"first version takes effect on {first.effective.isoformat()}",
                )
            ]
        )

    def normalize(
        self, request: Any, *, as_of: dt.datetime | dt.date | str | None = None
    ) -> NormalizedRequest:
        """Validate a request and pick the policy version that answers it."""
        if as_of is None and request.__class__ is dict:
            fast = self._fast_path(request)
            if fast is not None:
                return fast
        if not isinstance(request, Mapping):
            raise RequestError(
                [RequestProblem("", "a request is a JSON object with `policy` and `opened_at`")]
            )
        # One pass, each problem collected once, in the order they are reported: the policy,
        # the opening instant, the version in force (at `as_of` when given), then the inputs.
        problems: list[RequestProblem] = []
        policy_id = request.get("policy")
        versions = self._collect(problems, self._versions, policy_id) or ()
        opened = _opening(request, problems)
        policy = None
        if versions and opened is not None:
            policy = self._collect(problems, self._version_for, policy_id, opened, as_of)
        if policy is not None:
            assert opened is not None and not problems  # it was chosen: nothing went wrong
            return normalize(
                policy,
                request,
                opened,
                customers=self.customers.get(policy.id),
                variant=self.variants.variant,
            )
        if versions:
            # Judge the inputs too, by the latest version: nothing is left unsaid.
            problems.extend(
                _input_problems(versions[-1], request, self.customers.get(versions[-1].id))
            )
        raise RequestError(problems)

    @staticmethod
    def _collect(problems: list[RequestProblem], step: Callable[..., _T], *args: Any) -> _T | None:
        """``step(*args)``, or None with its problems added to ``problems``."""
        try:
            return step(*args)
        except RequestError as error:
            problems.extend(error.problems)
            return None

    def _version_for(
        self, policy_id: str, opened: dt.datetime, as_of: dt.datetime | dt.date | str | None
    ) -> CompiledPolicy:
        """The version in force when the request was opened, or at ``as_of`` when given."""
        if as_of is None:
            return self.in_force(policy_id, opened)
        try:
            return self.in_force(policy_id, parse_as_of(as_of))
        except RequestError as error:  # the date that picks the version is `as_of`'s
            raise RequestError(
                [dataclasses.replace(p, field="as_of") for p in error.problems]
            ) from None

    def _fast_path(self, request: dict[str, Any]) -> NormalizedRequest | None:
        """The common case, without error bookkeeping: a known policy with one version in force
        at a well-formed ``opened_at``. None sends the request down the careful path."""
        policy_id = request.get("policy")
        versions = self.versions.get(policy_id) if policy_id.__class__ is str else None
        raw = request.get("opened_at")
        if versions is None or len(versions) != 1 or raw.__class__ is not str:
            return None
        found = read_instant(raw)
        if found is None:
            return None
        opened, opened_ts = found
        only = versions[0]
        if opened_ts < only.effective_ts or opened_ts < 0:
            return None
        return normalize(
            only,
            request,
            opened,
            opened_ts,
            customers=self.customers.get(only.id),
            variant=self.variants.variant,
        )

    def would_compile(self, request: Any) -> bool:
        """Whether answering ``request`` may first compile a customer variant (it names a
        customer with calendar layers, and some version's variant is not kept): about 5 ms,
        which a server does off its event loop rather than stall every other client."""
        if request.__class__ is not dict:
            return False
        policy_id, customer_id = request.get("policy"), request.get("customer")
        if policy_id.__class__ is not str or customer_id.__class__ is not str:
            return False
        customer = self.customers.get(policy_id, {}).get(customer_id)
        if customer is None or not customer.calendars:
            return False
        return not all(self.variants.kept(v, customer) for v in self.versions.get(policy_id, ()))

    def evaluate(
        self,
        request: Any,
        *,
        as_of: dt.datetime | dt.date | str | None = None,
        trace: bool = False,
    ) -> Decision:
        """Answer one request: SLA, handler, billable, with reasons (raises RequestError)."""
        normalized = self.normalize(request, as_of=as_of)
        if normalized.candidates:
            answers = [
                (fixed, self._decide(_candidate(normalized, fixed), trace))
                for fixed in normalized.candidates
            ]
            return merge_decisions(normalized, answers)
        return self._decide(normalized, trace)

    def _decide(self, normalized: NormalizedRequest, trace: bool) -> Decision:
        """The decision for one validated request (its problems raised as a RequestError)."""
        try:
            policy = normalized.policy
            memos = self.memos.get(id(policy)) or self.variants.memo(policy)
            decision = decide(normalized, trace=trace, memos=memos)
        except (CalendarError, OverflowError) as error:
            # An instant the calendars cannot count from or to (a year 1 or 9999 typo, a
            # ticket judged long after its calendars end): the request's problem, named as
            # such, not an internal error.
            raise RequestError(
                [
                    RequestProblem(
                        _unanswerable_field(normalized),
                        f"cannot be evaluated on the policy's calendars: {error}",
                    )
                ]
            ) from None
        unreached = unreached_inputs(decision)
        if unreached:
            raise RequestError(unreached)
        return decision


def _candidate(request: NormalizedRequest, fixed: Mapping[str, str]) -> NormalizedRequest:
    """``request`` with one candidate's type and priority (see runtime/request_kinds.py)."""
    values = dict(request.values)
    if "priority" in fixed:
        values["priority"] = fixed["priority"]
    if "type" in fixed:
        with_type(request.policy, values, fixed["type"])
    missing = tuple([n for n in request.missing_required if n not in values])
    return request._replace(values=values, missing_required=missing, candidates=())


def _unanswerable_field(request: NormalizedRequest) -> str:
    """Which field a request the calendars could not answer should name: ``opened_at``, or
    ``now`` / ``events`` when only the ticket's timeline reaches past what they count."""
    if request.timeline is None:
        return "opened_at"
    try:
        decide(request._replace(timeline=None))
    except (CalendarError, OverflowError):
        return "opened_at"
    return "now" if "now" in request.raw else "events"


def _opening(request: Mapping[str, Any], problems: list[RequestProblem]) -> dt.datetime | None:
    """The request's ``opened_at``, or None with its problem added to ``problems``."""
    if "opened_at" not in request:
        problems.append(RequestProblem("opened_at", "is required (RFC 3339 with an offset)"))
        return None
    try:
        opened = parse_timestamp(request["opened_at"], "opened_at")
    except RequestError as error:
        problems.extend(error.problems)
        return None
    if opened.timestamp() < 0:
        # Before 1970 zones keep local-mean-time offsets (+07:06:30) that no RFC 3339 reader
        # accepts, and no support contract reaches that far back.
        problems.append(RequestProblem("opened_at", "is before 1970-01-01T00:00:00Z"))
        return None
    return opened


def _input_problems(
    policy: CompiledPolicy,
    request: Mapping[str, Any],
    customers: Mapping[str, Customer] | None,
) -> list[RequestProblem]:
    """The problems with a request's inputs alone, judged by ``policy`` (when no version could
    be chosen by the request's own opening instant or ``as_of``)."""
    inputs_only = {k: v for k, v in request.items() if k not in ("events", "now")}
    try:
        opened = dt.datetime.combine(policy.effective, dt.time(), policy.tz)
        # The version itself for a customer with layers: its variant has the same inputs, and
        # judging them is no reason to compile one.
        normalize(
            policy, inputs_only, opened, customers=customers, variant=lambda version, _: version
        )
    except RequestError as error:
        return [p for p in error.problems if p.field != "opened_at"]
    return []
