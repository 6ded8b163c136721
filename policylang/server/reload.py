"""Hot reload: the policy set being served, swapped atomically for a newly checked one.

:class:`PolicyHolder` holds a :class:`Snapshot` (the compiled set, a generation number, when it
was loaded). Handlers read ``holder.current`` once per HTTP request and answer every item from
that snapshot, so a reload in the middle of a batch never mixes two sets. A reload loads and
checks the directory in a worker thread (compiling takes a few hundred milliseconds; the event
loop keeps answering meanwhile), then replaces the snapshot with one attribute assignment — or,
when the new set has errors, keeps the old one and records the diagnostics for ``/ready`` and
the server log. Reloads are serialized; none can fail a request.

The directory is watched with ``watchfiles`` (inotify on Linux, a bounded polling fallback
elsewhere), which is what uvicorn's own ``--reload`` uses.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import watchfiles

from policylang import CUSTOMERS_SUFFIX, POLICY_SUFFIX, Diagnostic, PolicySet, load
from policylang.errors import PolicyError
from policylang.server.log import new_decision_id as new_error_id

__all__ = ["PolicyHolder", "ReloadOutcome", "Snapshot", "load_relative"]

_logger = logging.getLogger("policylang.server")

#: How long the watcher lets a burst of changes settle (an editor writes a file in several steps).
DEBOUNCE_MS = 200
#: After the watcher itself fails (the directory vanished), wait this long before watching again.
WATCH_RETRY_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One loaded, valid policy set and where it came from."""

    policies: PolicySet
    generation: int
    loaded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """What one reload attempt did. ``diagnostics`` name files relative to the policy
    directory; ``error_id`` is set when loading failed on a bug rather than on the policies."""

    ok: bool
    trigger: str  # startup | change | request
    at: dt.datetime
    generation: int
    diagnostics: tuple[Diagnostic, ...] = ()
    error_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON form shown by ``/ready`` and ``/v1/reload``."""
        out: dict[str, Any] = {
            "ok": self.ok,
            "trigger": self.trigger,
            "at": self.at.isoformat(timespec="milliseconds"),
            "generation": self.generation,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }
        if self.error_id is not None:
            out["error_id"] = self.error_id
        return out


def load_relative(directory: Path) -> PolicySet:
    """The policy set in ``directory``, its files named relative to it: decisions and
    diagnostics say ``itc.policy:12``, never where the server keeps its files."""
    return load(directory, relative_to=directory)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _is_policy_file(_change: watchfiles.Change, path: str) -> bool:
    """A file the policy set is loaded from: a policy, or a customers file (a customer's
    closure added to one must be served as a policy edit is)."""
    return path.endswith((POLICY_SUFFIX, CUSTOMERS_SUFFIX))


class PolicyHolder:
    """The policy set being served, and the record of the last reload."""

    def __init__(self, directory: str | Path, loader: Callable[[Path], PolicySet] = load_relative):
        self.directory = Path(directory)
        self._loader = loader
        at = _now()
        # Raises PolicyError at startup: a server never starts with an invalid set.
        self.current = Snapshot(loader(self.directory), 1, at)
        self.last_reload = ReloadOutcome(True, "startup", at, 1)
        self._lock = asyncio.Lock()

    async def reload(self, trigger: str) -> ReloadOutcome:
        """Load and check the directory; serve the new set if it is valid."""
        async with self._lock:
            try:
                policies = await anyio.to_thread.run_sync(self._loader, self.directory)
            except PolicyError as error:
                diagnostics = tuple(
                    _without_directory(d, self.directory) for d in error.diagnostics
                )
                outcome = ReloadOutcome(
                    False, trigger, _now(), self.current.generation, diagnostics
                )
                self.last_reload = outcome
                _logger.error(
                    "reload (%s): the policies in %s have %d error(s); still serving "
                    "generation %d\n%s",
                    trigger,
                    self.directory,
                    len(diagnostics),
                    self.current.generation,
                    "\n".join(_one_line(d) for d in diagnostics),
                )
                return outcome
            except Exception:  # a bug, not the policies: still an invalid set, never a 500
                error_id = new_error_id()
                _logger.exception(
                    "reload (%s): internal error %s loading %s; still serving generation %d",
                    trigger,
                    error_id,
                    self.directory,
                    self.current.generation,
                )
                outcome = ReloadOutcome(
                    False, trigger, _now(), self.current.generation, error_id=error_id
                )
                self.last_reload = outcome
                return outcome
            snapshot = Snapshot(policies, self.current.generation + 1, _now())
            self.current = snapshot  # the atomic swap: one reference assignment
            outcome = ReloadOutcome(True, trigger, snapshot.loaded_at, snapshot.generation)
            self.last_reload = outcome
            _logger.info(
                "reload (%s): serving generation %d (%d policies)",
                trigger,
                snapshot.generation,
                len(policies.ids),
            )
            return outcome

    async def watch(self, stop: anyio.Event) -> None:
        """Reload on every settled change of a ``.policy`` or ``.customers`` file, until
        ``stop`` is set."""
        while not stop.is_set():
            try:
                async for _changes in watchfiles.awatch(
                    self.directory,
                    watch_filter=_is_policy_file,
                    debounce=DEBOUNCE_MS,
                    stop_event=stop,
                    recursive=True,
                    ignore_permission_denied=True,
                ):
                    await self.reload("change")
            except Exception as error:  # the watcher itself failed: say so, retry later
                _logger.warning("watching %s failed (%s); retrying", self.directory, error)
                with anyio.move_on_after(WATCH_RETRY_SECONDS):
                    await stop.wait()
            else:
                return  # awatch ends only when stop is set


def _without_directory(diagnostic: Diagnostic, directory: Path) -> Diagnostic:
    """``diagnostic`` without the policy directory's path: files inside it are already named
    relative to it, but a problem with the directory itself (gone, emptied) names it."""
    where = str(directory)
    if where not in diagnostic.message and diagnostic.path != where:
        return diagnostic
    return replace(
        diagnostic,
        message=diagnostic.message.replace(where, "the policy directory"),
        path=None if diagnostic.path == where else diagnostic.path,
    )


def _one_line(diagnostic: Diagnostic) -> str:
    where = diagnostic.file or ""
    if diagnostic.span is not None:
        where += f":{diagnostic.span.line}:{diagnostic.span.column}"
    return f"  {where}: {diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"
