"""From paths to a policy set: check every file, and compile them when none has an error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from policylang.compiler.customers import compile_customers, variant_compiler
from policylang.compiler.policy import compile_file
from policylang.errors import PolicyError
from policylang.lang.loader import check_paths
from policylang.runtime.policyset import PolicySet
from policylang.runtime.variants import VARIANT_CACHE_SIZE

__all__ = ["load"]


def load(
    paths: str | Path | Sequence[str | Path],
    *,
    unsaved: Mapping[str, str] | None = None,
    relative_to: str | Path | None = None,
    variant_cache_size: int = VARIANT_CACHE_SIZE,
) -> PolicySet:
    """Load, check and compile policies, and the customer layers of ``*.customers`` files,
    from files or directories.

    Raises :class:`PolicyError` with every diagnostic if any policy has an error. ``unsaved`` holds
    texts an editor has not saved yet, as for :func:`~policylang.lang.loader.check_paths`. With
    ``relative_to``, files are named relative to that directory in diagnostics and in the source
    locations decisions carry.

    A customer with calendar layers is answered by a variant of each version compiled on them,
    on the first request that needs it; the set keeps the ``variant_cache_size`` most recently
    used (runtime/variants.py).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    report = check_paths(paths, unsaved=unsaved, relative_to=relative_to)
    if not report.ok:
        raise PolicyError(report.errors)
    policies = [compile_file(checked) for checked in report.files]
    latest = {p.id: p for p in sorted(policies, key=lambda p: p.effective)}
    customers = compile_customers(report.customers, latest)
    return PolicySet.from_policies(
        policies,
        customers,
        compile_variant=variant_compiler(report.files, policies),
        variant_cache_size=variant_cache_size,
    )
