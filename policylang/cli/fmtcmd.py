"""``policylang fmt PATH... [--check]``: policy files in the canonical layout, comments kept."""

from __future__ import annotations

import sys

import click

from policylang import UnsafeFormat, discover, format_verified, read_and_parse, render_human
from policylang.text.english import plural

__all__ = ["fmt"]


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--check", "check_only", is_flag=True, help="Report files that would change.")
def fmt(paths: tuple[str, ...], check_only: bool) -> None:
    """Rewrite policy files in the canonical layout (comments kept).

    A file is rewritten only if its new text parses back to the same policy; otherwise it is
    left as it is and reported. With --check, change nothing and exit 1 if any file is not
    formatted. Either way, a summary line says how many files were (or would be) reformatted
    and how many already were.
    """
    files, problems = discover(paths)
    failed = bool(problems)
    for diagnostic in problems:
        click.echo(render_human(diagnostic, {}, styled=True), err=True)
    changed = unreadable = 0
    for path in files:
        # The file's own text, never a cached tree: fmt writes what it formats back to the file.
        source, parsed, diagnostics = read_and_parse(path, fresh=True)
        if parsed is None or source is None:
            failed = True
            unreadable += 1
            for diagnostic in diagnostics:
                click.echo(
                    render_human(
                        diagnostic, {source.path: source} if source else {}, styled=True
                    ),
                    err=True,
                )
            continue
        try:
            formatted = format_verified(parsed, source.text)
        except UnsafeFormat as error:
            failed = True
            unreadable += 1
            click.echo(
                f"{path}: left unchanged: {error}. This is a bug in `policylang fmt`; please "
                "report it with the file.",
                err=True,
            )
            continue
        if formatted == source.text:
            continue
        changed += 1
        if check_only:
            click.echo(f"would reformat {path}", err=True)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(formatted)
            click.echo(f"reformatted {path}", err=True)
    if check_only and changed:
        failed = True
    click.echo(
        _fmt_summary(changed, len(files) - changed - unreadable, unreadable, check_only), err=True
    )
    sys.exit(1 if failed else 0)


def _fmt_summary(changed: int, unchanged: int, unreadable: int, check_only: bool) -> str:
    """``1 file would be reformatted, 2 files already formatted`` (the words ruff uses)."""
    parts = []
    if changed:
        parts.append(plural(changed, "file") + (" would be" if check_only else "") + " reformatted")
    if unchanged or not (changed or unreadable):
        parts.append(f"{plural(unchanged, 'file')} already formatted")
    if unreadable:
        parts.append(f"{plural(unreadable, 'file')} with errors left as they are")
    return ", ".join(parts)
