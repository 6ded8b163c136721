"""``policylang``: run the command line, and never let a Python traceback reach the user."""

from __future__ import annotations

import gc
import os
import sys

from policylang.cli.app import cli

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> None:
    """Run the command line; never let a Python traceback reach the user."""
    try:
        _run(argv)
    finally:
        # The process ends here. On the way out Python runs one last full collection over
        # every object still alive (a large policy's tree: a million of them, 0.7 s of CPU
        # of a 10,000-rule check) only to free them all anyway; frozen, the collector skips
        # them. Nothing runs after this but the exit.
        gc.freeze()


def _run(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="policylang", standalone_mode=True)
    except BrokenPipeError:
        # The reader went away (`policylang ... | head`); that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the last line of defence: report, do not dump a traceback
        if os.environ.get("POLICYLANG_DEBUG"):
            raise
        print(
            f"policylang: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in policylang. Run again with POLICYLANG_DEBUG=1 to see the "
            "traceback, and please report it.",
            file=sys.stderr,
        )
        sys.exit(3)
