"""The options that run ``batch``, ``report`` and ``impact`` partitioned, and where they run.

``--engine local`` (the default) reads the input in this process, partition after partition;
``--engine dask`` runs one task per partition on a Dask cluster (``--scheduler ADDRESS``, or a
local cluster of ``--workers`` processes). See docs/scaling.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from policylang import DEFAULT_SPLIT_BYTES, Partition, plan_partitions, total_bytes
from policylang.cli.common import Failure
from policylang.errors import PolicylangError

__all__ = [
    "Engine",
    "check_parts_dir",
    "engine_options",
    "make_dir",
    "partitions_of",
    "run_tasks",
]

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Engine:
    """Where the partitions run, as the command line chose."""

    name: str  # local | dask
    scheduler: str | None
    workers: int | None
    split_bytes: int | None

    @property
    def distributed(self) -> bool:
        """True when the work runs on Dask."""
        return self.name == "dask"


def engine_options(function: F) -> F:
    """``--engine``, ``--scheduler``, ``--workers`` and ``--partition-size``, as one ``engine``."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Run in this process, or one task per partition on a Dask cluster (needs the "
            "`scale` extra).",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="The Dask scheduler to run on (tcp://host:8786); default: a local cluster.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(1),
            default=None,
            help="Worker processes of the local Dask cluster [default: one per core].",
        ),
        click.option(
            "--partition-size",
            metavar="SIZE",
            default=None,
            callback=_size,
            help="Cut JSONL files into byte ranges of about SIZE (64MB, 500KB, bytes), Parquet "
            "files into row groups [default with --engine dask: 64MB].",
        ),
    ]

    def build(
        *args: Any,
        engine: str,
        scheduler: str | None,
        workers: int | None,
        partition_size: int | None,
        **kwargs: Any,
    ) -> Any:
        if engine == "local" and (scheduler is not None or workers is not None):
            raise click.UsageError("--scheduler and --workers go with --engine dask")
        if scheduler is not None and workers is not None:
            raise click.UsageError("--workers sizes a local cluster: not with --scheduler")
        if partition_size is None and engine == "dask":
            partition_size = DEFAULT_SPLIT_BYTES
        kwargs["engine"] = Engine(engine, scheduler, workers, partition_size)
        return function(*args, **kwargs)

    build.__name__ = function.__name__
    build.__doc__ = function.__doc__
    wrapped: Any = build
    # Options declared below this decorator were attached to ``function``: keep them.
    wrapped.__click_params__ = list(getattr(function, "__click_params__", []))
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped  # type: ignore[no-any-return]


_UNITS = {"": 1, "B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}


def _size(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    """``64MB``, ``500KB`` or a number of bytes, as bytes."""
    if value is None:
        return None
    text = value.strip().upper()
    digits = text.rstrip("KMGB")
    unit = text[len(digits) :]
    if not digits.isdigit() or unit not in _UNITS or int(digits) == 0:
        raise click.BadParameter(
            f"`{value}` is not a size: a whole number of bytes, KB, MB or GB (64MB)",
            param_hint="--partition-size",
        )
    return int(digits) * _UNITS[unit]


def partitions_of(path: str, input_format: str | None, engine: Engine) -> list[Partition]:
    """The input's partitions, or a Failure saying why it cannot be read."""
    if path == "-" and engine.distributed:
        raise Failure("--engine dask reads files, not stdin")
    try:
        return plan_partitions(path, input_format=input_format, split_bytes=engine.split_bytes)
    except PolicylangError as error:
        raise Failure(str(error)) from None


def make_dir(path: Path) -> None:
    """Create an output directory (and its parents), or fail saying why."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Failure(f"{path}: cannot create: {error.strerror or error}") from None


def check_parts_dir(parts: Path, count: int) -> None:
    """Create the directory of per-partition files; refuse one holding parts this run would
    not overwrite (a merged reading would mix two runs, and they are not ours to delete)."""
    make_dir(parts)
    stale = sorted(
        p.name
        for p in parts.glob("part-*.jsonl")
        if not p.stem[5:].isdigit() or int(p.stem[5:]) >= count
    )
    if stale:
        raise Failure(
            f"{parts} holds {stale[0]}{' and others' if len(stale) > 1 else ''} from another "
            f"run (this one writes {count} parts): remove them or choose another directory"
        )


def run_tasks(
    task: Callable[[Partition, Any], R],
    partitions: list[Partition],
    job: Any,
    engine: Engine,
    label: str,
) -> list[R]:
    """Run ``task`` over the partitions where ``engine`` says, with a progress bar."""
    # Imported here: the commands that import this module are what progress_bar is part of.
    from policylang import run_on_dask  # noqa: PLC0415
    from policylang.cli.batchcmd import progress_bar  # noqa: PLC0415

    with progress_bar(total_bytes(partitions), label) as advance:
        try:
            if engine.distributed:
                return run_on_dask(
                    task,
                    partitions,
                    job,
                    scheduler=engine.scheduler,
                    workers=engine.workers,
                    progress=advance,
                )
            results = []
            for partition in partitions:
                results.append(task(partition, job))
                if advance is not None:
                    advance(partition.size)
            return results
        except PolicylangError as error:
            raise Failure(str(error)) from None
