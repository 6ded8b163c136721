"""Pass `header`: the policy header is present, complete, and each field given once."""

from __future__ import annotations

import re

from policylang.calendar import FIRST_YEAR, LAST_YEAR
from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.literals import LiteralError, parse_date
from policylang.lang.analysis.zones import check_zone
from policylang.lang.diagnostics import Related

__all__ = ["REQUIRED_HEADER_FIELDS", "check_header"]

#: Every policy says who promises what, from which document, in which language, since when,
#: and in which time zone its days are counted.
REQUIRED_HEADER_FIELDS = ("title", "provider", "source", "language", "version", "effective", "zone")

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _field_key(f: ast.Node) -> str:
    if isinstance(f, ast.ZoneField):
        return "zone"
    return getattr(f, "key", "")


def check_header(ctx: Context) -> None:
    """Report a missing header, missing or repeated fields, and bad field values."""
    header = ctx.symbols.header
    if header is None:
        span = ctx.file.declarations[0].span if ctx.file.declarations else ctx.file.span
        ctx.error(
            "PL503",
            "this file has no `policy` header",
            span,
            "start the file with `policy ID { title ... provider ... source ... language ... "
            "version ... effective ... zone ... }`",
        )
        return
    seen: dict[str, ast.Node] = {}
    for f in header.fields:
        key = _field_key(f)
        if key in seen:
            ctx.error(
                "PL502",
                f"`{key}` is given twice in the policy header",
                f.span,
                "keep one",
                related=(Related(seen[key].span, "first given here"),),
            )
            continue
        seen[key] = f
        if isinstance(f, ast.DateField):
            _check_effective(ctx, f.date)
        elif isinstance(f, ast.ZoneField):
            check_zone(ctx, f.zone)
        elif isinstance(f, ast.NameField) and not _LANGUAGE.match(f.name.value):
            ctx.error(
                "PL511",
                f"`{f.name.value}` is not a language code",
                f.name.span,
                "use the ISO 639-1 code of the source document's language, e.g. `en`, `vi`, `ru`",
            )
    missing = [k for k in REQUIRED_HEADER_FIELDS if k not in seen]
    if missing:
        listed = ", ".join(f"`{m}`" for m in missing)
        ctx.error(
            "PL501",
            f"the policy header lacks {listed}",
            header.id.span,
            "a header states title, provider, source, language, version, effective and zone",
        )


def _check_effective(ctx: Context, literal: ast.DateLiteral) -> None:
    """The effective date names a day, inside the years every calendar can count."""
    try:
        effective = parse_date(literal.text)
    except LiteralError as error:
        ctx.error("PL106", str(error), literal.span)
        return
    if not FIRST_YEAR <= effective.year <= LAST_YEAR:
        ctx.error(
            "PL418",
            f"the policy takes effect on {literal.text}, outside the years the calendars can "
            f"count ({FIRST_YEAR} to {LAST_YEAR})",
            literal.span,
            "write the date the source document takes effect; for a document with no date, "
            "the date it was published",
        )
