"""Duplicates and near-duplicates among items and labels (PL631, PL632, PL633).

Texts are compared *folded*: Unicode-normalised (NFKC), case-folded, runs of white space made one
space, and a final full stop dropped, so ``"Creation of security groups."`` and ``"creation of
security  groups"`` are the same entry.

* PL631: one item listed by two responsibilities that name the same handler, for a request both
  apply to: the second listing never decides anything.
* PL632: two items that are probably one matter under two ids: ids that differ only in case, or
  labels that fold alike. Alike labels under different handlers are a hidden overlap; under the
  same handler they are a duplicate entry only when they also stand under the same heading (the
  same label under two different headings names two things: "Schedules" of a voice campaign and
  of an omnichannel campaign).
* PL633: two declarations of one kind (ticket types, categories, priorities, products, the values
  of one enum input) whose labels in one language fold alike: whoever picks one by its label
  cannot tell them apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from policylang.lang import ast
from policylang.lang.diagnostics import Related
from policylang.lang.source import Span
from policylang.tools.lint.context import LintContext, Subject
from policylang.tools.lint.overlaps import co_hold, describe_handler, handler, item_node, listings

__all__ = ["check_duplicates", "fold"]


def fold(text: str) -> str:
    """A text as duplicates are compared: normalised, case-folded, spaces collapsed."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return folded.removesuffix(".").rstrip()


@dataclass(frozen=True, slots=True)
class _Listing:
    item: ast.Item
    decl: ast.RuleDecl
    heading: tuple[str, ...]  # the folded labels of its parent items


def _listings(ctx: LintContext) -> Iterator[_Listing]:
    def walk(item: ast.Item, decl: ast.RuleDecl, heading: tuple[str, ...]) -> Iterator[_Listing]:
        yield _Listing(item, decl, heading)
        inner = (*heading, fold(item.label.value) if item.label else item.id.value)
        for child in item.children:
            yield from walk(child, decl, inner)

    for decl in ctx.checked.symbols.rules_of("responsibility"):
        for statement in decl.body:
            if isinstance(statement, ast.Item):
                yield from walk(statement, decl, ())


def check_duplicates(ctx: LintContext) -> None:
    """Report duplicate listings, near-duplicate items and labels that read alike."""
    _same_handler_twice(ctx)
    _near_duplicate_items(ctx)
    _alike_labels(ctx)


def _same_handler_twice(ctx: LintContext) -> None:
    rules = ctx.lists.get("responsibility", [])
    for item_id, found in listings(rules).items():
        for index, first in enumerate(found):
            for second in found[index + 1 :]:
                if handler(first.decl) != handler(second.decl):
                    continue  # two handlers: an overlap, see overlaps.py
                if co_hold(ctx, rules, first, second, item_id) is None:
                    continue
                node, earlier = item_node(second.decl, item_id), item_node(first.decl, item_id)
                assert node is not None and earlier is not None
                ctx.report(
                    "PL631",
                    f"item `{item_id}` is listed again for the same handler, "
                    f"{describe_handler(second.decl)}",
                    node.id.span,
                    f"a request about it goes to `{first.name}` first; remove one listing",
                    subject=Subject("item", item_id),
                    related=(Related(earlier.id.span, "first listed here"),),
                    related_subjects=(Subject.of(first.decl), Subject.of(second.decl)),
                )
                break


def _near_duplicate_items(ctx: LintContext) -> None:
    by_id: dict[str, _Listing] = {}
    by_case: dict[str, _Listing] = {}
    by_label: dict[str, list[_Listing]] = {}
    for listing in _listings(ctx):
        item_id = listing.item.id.value
        first = by_case.setdefault(item_id.casefold(), listing)
        if first.item.id.value != item_id and item_id not in by_id:
            ctx.report(
                "PL632",
                f"items `{first.item.id.value}` and `{item_id}` differ only in case",
                listing.item.id.span,
                "ids are case-sensitive, so these are two items; use one id if they are one matter",
                subject=Subject("item", item_id),
                related=(Related(first.item.id.span, f"`{first.item.id.value}` is listed here"),),
                related_subjects=(Subject("item", first.item.id.value),),
            )
        by_id.setdefault(item_id, listing)
        if listing.item.label is not None:
            by_label.setdefault(fold(listing.item.label.value), []).append(listing)
    for group in by_label.values():
        _alike_items(ctx, group)


def _alike_items(ctx: LintContext, group: list[_Listing]) -> None:
    reported: set[str] = set()
    for index, later in enumerate(group):
        later_id = later.item.id.value
        for first in group[:index]:
            first_id = first.item.id.value
            if first_id == later_id or later_id in reported:
                continue
            label = later.item.label.value if later.item.label else later_id
            if handler(first.decl) != handler(later.decl):
                message = (
                    f'items `{first_id}` and `{later_id}` read the same ("{label}") but go to '
                    f"different handlers: {describe_handler(first.decl)} and "
                    f"{describe_handler(later.decl)}"
                )
                help_text = (
                    "if they are one matter, use one id: the overlap then shows (and `lint` "
                    "reports it); if not, make the labels say how they differ"
                )
            elif first.heading == later.heading:
                message = f'items `{first_id}` and `{later_id}` are both listed as "{label}"'
                help_text = "remove one, or make the labels say how they differ"
            else:
                continue  # the same words under two headings: two things, told apart by them
            reported.add(later_id)
            ctx.report(
                "PL632",
                message,
                later.item.id.span,
                help_text,
                subject=Subject("item", later_id),
                related=(Related(first.item.id.span, f"`{first_id}` is listed here"),),
                related_subjects=(Subject("item", first_id),),
            )


def _labels(decl: ast.TaxonDecl) -> Iterator[tuple[str, str, Span]]:
    """(language, text, where) for a declaration's title and its ``label LANG`` statements."""
    if decl.title is not None:
        yield "", decl.title.value, decl.title.span
    for statement in decl.body:
        if isinstance(statement, ast.Label):
            language = statement.language.value if statement.language else ""
            yield language, statement.text.value, statement.text.span


def _alike_labels(ctx: LintContext) -> None:
    symbols = ctx.checked.symbols
    tables: tuple[tuple[str, dict[str, ast.TaxonDecl]], ...] = (
        ("ticket types", symbols.types),
        ("categories", symbols.categories),
        ("priorities", symbols.priorities),
        ("products", symbols.products),
    )
    for kind, table in tables:
        seen: dict[tuple[str, str], tuple[str, Span]] = {}
        for name, decl in table.items():
            for language, text, span in _labels(decl):
                first = seen.setdefault((language, fold(text)), (name, span))
                if first[0] != name:
                    _alike(
                        ctx,
                        kind,
                        first,
                        name=name,
                        text=text,
                        span=span,
                        language=language,
                        subject_kind=decl.keyword,
                    )
    for input_name, input_decl in symbols.input_decls.items():
        if not isinstance(input_decl.type, ast.EnumType):
            continue
        values: dict[tuple[str, str], tuple[str, Span]] = {}
        for value in input_decl.type.values:
            if value.label is None:
                continue
            key = ("", fold(value.label.value))
            first = values.setdefault(key, (value.id.value, value.label.span))
            if first[0] != value.id.value:
                _alike(
                    ctx,
                    f"values of `{input_name}`",
                    first,
                    name=value.id.value,
                    text=value.label.value,
                    span=value.label.span,
                    language="",
                    subject_kind=f"value of {input_name}",
                )


def _alike(
    ctx: LintContext,
    kind: str,
    first: tuple[str, Span],
    *,
    name: str,
    text: str,
    span: Span,
    language: str,
    subject_kind: str,
) -> None:
    where = f" in `{language}`" if language else ""
    ctx.report(
        "PL633",
        f'`{first[0]}` and `{name}` are {kind} with the same label{where}: "{text}"',
        span,
        "a reader choosing by label cannot tell them apart; make the labels say how they "
        "differ, or merge the two if they are one",
        subject=Subject(subject_kind, name),
        related=(Related(first[1], f"the label of `{first[0]}`"),),
        related_subjects=(Subject(subject_kind, first[0]),),
    )
