"""The click application: one function per command, each a few lines over the library."""

from __future__ import annotations

import sys

import click

from policylang import __version__
from policylang.cli.batchcmd import batch_command
from policylang.cli.evaluate import eval_command, explain_command
from policylang.cli.initcmd import init_command
from policylang.cli.lspcmd import lsp_command
from policylang.cli.policysource import paths_or_default
from policylang.cli.reportcmd import report_command
from policylang.cli.schemacmd import schema_command
from policylang.cli.style import COLOR_CHOICES, color_setting, outcome
from policylang.cli.testcmd import test_command
from policylang.lang.loader import check_paths, discover, read_and_parse
from policylang.lang.printer import UnsafeFormat, format_verified
from policylang.lang.rendering import render_human, render_json
from policylang.text.english import plural

__all__ = ["cli"]

_FORMATS = click.Choice(["human", "json"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policylang")
@click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour diagnostics and summaries: on a terminal unless NO_COLOR is set (auto), "
    "always, or never. Machine output (JSON) is never coloured.",
)
@click.pass_context
def cli(ctx: click.Context, color: str) -> None:
    """Support contracts as policy code: check, format and evaluate `.policy` files."""
    ctx.color = color_setting(color)


# The commands that answer requests live in their own modules; this file only lists them.
for _command in (
    eval_command,
    explain_command,
    batch_command,
    test_command,
    schema_command,
    report_command,
    init_command,
    lsp_command,
):
    cli.add_command(_command)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=_FORMATS, default="human", show_default=True)
def check(paths: tuple[str, ...], output_format: str) -> None:
    """Check policy files (or directories of them) and report every problem.

    Without PATHS: $POLICYLANG_POLICIES if set, else ./policies if it exists, else the bundled
    policies. Exits 0 when every policy is valid (warnings allowed), 1 when any has an error.
    """
    report = check_paths(paths_or_default(paths))
    if output_format == "json":
        click.echo(render_json(report.diagnostics))
    else:
        for diagnostic in report.diagnostics:
            click.echo(render_human(diagnostic, report.sources, styled=True), err=True)
            click.echo("", err=True)
        errors, warnings = len(report.errors), len(report.diagnostics) - len(report.errors)
        summary = f"checked {plural(report.checked, 'file')}: "
        summary += f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        click.echo(outcome(summary, errors=errors, warnings=warnings), err=True)
    sys.exit(0 if report.ok else 1)


@cli.command()
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
        source, parsed, diagnostics = read_and_parse(path)
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


from policylang.cli import docs as _docs  # noqa: E402, F401  (registers `docs` and `diff`)
from policylang.cli import lint as _lint  # noqa: E402, F401  (registers `lint`)
from policylang.cli.serve import serve as _serve  # noqa: E402  (the decision service)

cli.add_command(_serve)
