"""``policylang lsp``: run the language server for editors."""

from __future__ import annotations

import click

__all__ = ["lsp_command"]


@click.command("lsp")
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk over standard input and output (the default and only transport; accepted "
    "because editors pass it).",
)
def lsp_command(stdio: bool) -> None:
    """Run the language server over standard input and output (for editors).

    Diagnostics as you type, hover, go to definition, references, rename, completion,
    outline, folding, formatting, quick fixes and example evaluation: see docs/editors.md.
    """
    del stdio
    # pygls is loaded only for this command: the other commands start without it.
    from policylang.lsp.server import serve  # noqa: PLC0415

    serve()
