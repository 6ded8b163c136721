"""Customer variants: a policy version compiled on one customer's calendar layers, compiled when
a request first needs it and kept in a bounded, thread-safe LRU cache with its selection memo.

A customer that layers calendars (``calendar CAL { ... }`` in a ``*.customers`` file) is
answered by its own compilation of the version in force (docs/language.md, "Calendar layers").
Compiling every customer's variants when the policies load made every command, reload and test
run pay for customers it never asked about (about 5 ms and 115 KB a variant). The runtime
cannot compile (the import contracts keep the compiler out of it): ``load()`` hands the policy
set a `VariantCompiler` that closes over the checked files, and this cache calls it.

Equal layer content is one key, so customers with equal layers share one variant. An evicted
variant is freed with its memo and its ``policy.derived`` statics; asked again, it is compiled
again, to the same answers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Protocol

from policylang.calendar import CalendarError, CalendarLayer
from policylang.errors import PolicyError, RequestError, RequestProblem
from policylang.model.customers import Customer
from policylang.model.policy import CompiledPolicy
from policylang.runtime.evaluator import SelectionMemo

__all__ = ["VARIANT_CACHE_SIZE", "VariantCache", "VariantCompiler"]

#: How many variants a policy set keeps by default. One variant of bpmsoft_care holds about
#: 220 KB once answered, with its memo and decision statics (bench/customers.py rss: 5,000
#: customers answered once each, 70 MB after loading, 126 MB after), so 256 hold about 55 MB:
#: a server's working set of layered customers answered from memory, its long tail compiled
#: again (about 5 ms each) when they come back.
VARIANT_CACHE_SIZE = 256


class VariantCompiler(Protocol):
    """Compiles one version of a policy on a customer's calendar layers (calendar name ->
    layer). Raises :class:`PolicyError` or :class:`CalendarError` when the layers do not
    compile on that version (rare: the checker accepted them against every version)."""

    def __call__(
        self, policy: CompiledPolicy, layers: Mapping[str, CalendarLayer]
    ) -> CompiledPolicy: ...


class _Pending:
    """A variant being compiled by one thread, which the others asking for it wait for."""

    __slots__ = ("done", "entry", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.entry: tuple[CompiledPolicy, SelectionMemo] | None = None
        self.error: BaseException | None = None


class VariantCache:
    """The variants a policy set compiled, the ``size`` most recently used kept, each with its
    selection memo. Thread-safe: concurrent requests for one new variant compile it once."""

    def __init__(self, compiler: VariantCompiler | None, size: int = VARIANT_CACHE_SIZE) -> None:
        if size < 1:
            raise ValueError(f"a variant cache holds at least one variant, not {size}")
        self.compiler = compiler
        self.size = size
        #: How many variants were compiled (evicted ones compiled again count again).
        self.compiles = 0
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[CompiledPolicy, SelectionMemo]] = OrderedDict()
        # id(variant) -> its memo, for the evaluator, which holds the variant alone; an entry
        # leaves both tables together.
        self._memos: dict[int, tuple[CompiledPolicy, SelectionMemo]] = {}
        self._pending: dict[Hashable, _Pending] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def variant(self, policy: CompiledPolicy, customer: Customer) -> CompiledPolicy:
        """``policy`` compiled on ``customer``'s calendar layers, compiled now if it is not
        kept; a layer that does not compile is a `RequestError` on the request's `customer`."""
        key = _key(policy, customer)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry[0]
            pending = self._pending.get(key)
            owner = pending is None
            if pending is None:
                pending = self._pending[key] = _Pending()
        if not owner:
            pending.done.wait()
            if pending.entry is None:
                assert pending.error is not None  # the compiling thread set one or the other
                raise pending.error
            return pending.entry[0]
        try:
            pending.entry = self._compile(policy, customer)
        except BaseException as error:
            pending.error = error
            raise
        finally:
            with self._lock:
                del self._pending[key]
                if pending.entry is not None:
                    self._keep(key, pending.entry)
            pending.done.set()
        return pending.entry[0]

    def kept(self, policy: CompiledPolicy, customer: Customer) -> bool:
        """Whether ``policy``'s variant for ``customer``'s layers is kept: asking for it would
        not compile (a read of one dict, without the lock: a stale answer only moves a request
        to a thread or off it)."""
        return _key(policy, customer) in self._entries

    def memo(self, variant: CompiledPolicy) -> SelectionMemo | None:
        """The selection memo of ``variant`` while it is kept (None once evicted: the request
        holding it is answered without memo)."""
        found = self._memos.get(id(variant))
        return found[1] if found is not None and found[0] is variant else None

    def _compile(
        self, policy: CompiledPolicy, customer: Customer
    ) -> tuple[CompiledPolicy, SelectionMemo]:
        if self.compiler is None:
            # Only a hand-built policy set gets here (load() gives one a compiler): answering
            # on the policy's own calendars would silently drop the customer's layers.
            raise ValueError(
                f"customer `{customer.id}` layers calendars but the policy set has no variant "
                "compiler (policylang.load() gives it one)"
            )
        try:
            variant = self.compiler(policy, customer.calendars)
        except (PolicyError, CalendarError) as error:
            raise RequestError(
                [
                    RequestProblem(
                        "customer",
                        f"the calendar layers of customer `{customer.id}` do not compile on "
                        f"policy `{policy.id}` version `{policy.version}`: {error}",
                    )
                ]
            ) from None
        with self._lock:
            self.compiles += 1
        return variant, SelectionMemo(variant)

    def _keep(self, key: Hashable, entry: tuple[CompiledPolicy, SelectionMemo]) -> None:
        """Add ``entry`` as the most recent, evicting the least recent past ``size`` (under
        the lock)."""
        self._entries[key] = entry
        self._memos[id(entry[0])] = entry
        while len(self._entries) > self.size:
            _, (evicted, _) = self._entries.popitem(last=False)
            del self._memos[id(evicted)]


def _key(policy: CompiledPolicy, customer: Customer) -> Hashable:
    """A variant's key: the version, and the customer's layers (equal layers, one variant)."""
    return (policy.id, policy.version, tuple(sorted(customer.calendars.items())))
