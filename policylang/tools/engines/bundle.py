"""A policy set as its source texts: what is shipped to Dask workers, compiled once on each.

Why texts and not the compiled set, nor a path: a compiled policy holds closures (its conditions)
and locks (its memos), which neither pickle nor cloudpickle can send; and a path works only where
every worker sees the same filesystem, which a multi-machine cluster need not have. The texts of
the bundled policies are about 200 KB: the client scatters them to every worker once
(``broadcast``), and each worker process compiles them the first time a task needs them and keeps
the result for the tasks after (:func:`policies_of`, keyed by the texts' digest, so a changed
bundle is never answered from an old compilation). Files keep the names the client's loading
gives them, so the source locations in decisions are the same on a worker as in one process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policylang.compiler.load import load
from policylang.errors import PolicyError
from policylang.lang.loader import discover
from policylang.runtime.policyset import PolicySet

__all__ = ["PolicyBundle", "policies_of", "remember"]

#: Compiled bundles in this process, by digest. A worker sees one or two (impact's two sides).
_COMPILED: dict[str, PolicySet] = {}
_KEEP = 8


@dataclass(frozen=True, slots=True)
class PolicyBundle:
    """Policy files as ``(name, text)`` pairs, with the digest that identifies them."""

    files: tuple[tuple[str, str], ...]
    digest: str

    @classmethod
    def read(cls, paths: Sequence[str | Path]) -> PolicyBundle:
        """The policy files under ``paths`` (files or directories), as the loader finds them."""
        found, problems = discover(paths)
        if problems:
            raise PolicyError(problems)
        files = tuple((str(path), path.read_text(encoding="utf-8")) for path in found)
        hasher = hashlib.sha256()
        for name, text in files:
            hasher.update(name.encode() + b"\0" + text.encode() + b"\0")
        return cls(files, hasher.hexdigest())


def policies_of(bundle: PolicyBundle) -> PolicySet:
    """The bundle compiled, once per process (raises PolicyError if it does not compile)."""
    compiled = _COMPILED.get(bundle.digest)
    if compiled is None:
        compiled = load([], unsaved=dict(bundle.files))
        remember(bundle, compiled)
    return compiled


def remember(bundle: PolicyBundle, policies: PolicySet) -> None:
    """Record that ``policies`` is ``bundle`` compiled (the client's own loading, reused)."""
    if len(_COMPILED) >= _KEEP:
        _COMPILED.clear()
    _COMPILED[bundle.digest] = policies
