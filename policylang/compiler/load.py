"""From paths to a policy set: check every file, and compile them when none has an error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from policylang.compiler.customers import compile_customers, compile_variants
from policylang.compiler.policy import compile_file
from policylang.errors import PolicyError
from policylang.lang.loader import check_paths
from policylang.runtime.policyset import PolicySet

__all__ = ["load"]


def load(
    paths: str | Path | Sequence[str | Path],
    *,
    unsaved: Mapping[str, str] | None = None,
    relative_to: str | Path | None = None,
) -> PolicySet:
    """Load, check and compile policies, and the customer layers of ``*.customers`` files,
    from files or directories.

    Raises :class:`PolicyError` with every diagnostic if any policy has an error. ``unsaved`` holds
    texts an editor has not saved yet, as for :func:`~policylang.lang.loader.check_paths`. With
    ``relative_to``, files are named relative to that directory in diagnostics and in the source
    locations decisions carry.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    report = check_paths(paths, unsaved=unsaved, relative_to=relative_to)
    if not report.ok:
        raise PolicyError(report.errors)
    policies = [compile_file(checked) for checked in report.files]
    latest = {p.id: p for p in sorted(policies, key=lambda p: p.effective)}
    customers = compile_customers(report.customers, latest)
    return PolicySet.from_policies(policies, compile_variants(customers, report.files, policies))
