"""What editors need beyond the front, in one place.

The language server (:mod:`policylang.lsp`) and any other editor integration build on the front
(:mod:`policylang`: check, lint, load, evaluate) and on these names, each defined once in the
stage that owns its fact:

* :func:`build_index` — where every name of a checked file is declared and used, resolved the
  way the checker resolves it; an outline of its declarations
  (:mod:`policylang.lang.analysis.index`);
* :func:`partial_check` — the declarations of a text that parse, while another is broken;
* :func:`expected_at` — the keywords and the kind of name the grammar can take at a point of a
  file being typed (:mod:`policylang.lang.syntax.expected`);
* :func:`format_text` — the canonical layout `policylang fmt` writes;
* :func:`documented` and the ``*_snippet`` functions — a clause, note, calendar, input or rule
  in the words of its generated page (:mod:`policylang.tools.docgen.snippets`);
* :func:`load_tests_file` and :func:`run_case` — one case of a ``*.tests.yaml`` file, run as
  `policylang test` runs it;
* :class:`CheckedFile` and :class:`Documented`, the types those take and give;
* the vocabularies names are completed from: :func:`known_zones` (IANA zones),
  :func:`holiday_countries` (python-holidays), :data:`EVENTS` (ticket events) and
  :func:`currency_codes` (ISO 4217, as the checker takes them);
* for ``*.customers`` files: :func:`customer_slot` — which fact of a ``customer`` block is being
  typed, and what its block already names (:mod:`policylang.lang.syntax.customer_slot`);
  :func:`customer_terms` — what a customer of each policy may name (the inputs a request could
  send, the charge rules a rate may price, the calendars it may layer); :func:`customer_names` —
  the names a customers file uses, each with the policy it belongs to (both
  :mod:`policylang.lang.analysis.customer_terms`).
"""

from policylang.lang.analysis.charges import currency_codes
from policylang.lang.analysis.customer_terms import (
    Charge,
    CustomerName,
    CustomerTerms,
    customer_names,
    customer_terms,
)
from policylang.lang.analysis.customers import CUSTOMERS_SUFFIX
from policylang.lang.analysis.index import Declared, Occurrence, SymbolIndex, build_index
from policylang.lang.analysis.passes import CheckedFile, analyze
from policylang.lang.analysis.symbols import InputInfo
from policylang.lang.analysis.zones import holiday_countries, known_zones
from policylang.lang.printer import format_text
from policylang.lang.source import SourceFile
from policylang.lang.syntax.customer_slot import CustomerSlot, customer_slot
from policylang.lang.syntax.expected import Expected, expected_at
from policylang.lang.syntax.incremental import parse_partial
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.snippets import (
    calendar_snippet,
    clause_snippet,
    documented,
    input_snippet,
    note_snippet,
    rule_snippet,
)
from policylang.tools.testing.cases import CaseResult, run_case
from policylang.tools.testing.files import TestFileError, load_tests_file
from policylang.vocabulary import EVENTS

__all__ = [
    "CUSTOMERS_SUFFIX",
    "EVENTS",
    "CaseResult",
    "Charge",
    "CheckedFile",
    "CustomerName",
    "CustomerSlot",
    "CustomerTerms",
    "Declared",
    "Documented",
    "Expected",
    "InputInfo",
    "Occurrence",
    "SymbolIndex",
    "TestFileError",
    "build_index",
    "calendar_snippet",
    "clause_snippet",
    "currency_codes",
    "customer_names",
    "customer_slot",
    "customer_terms",
    "documented",
    "expected_at",
    "format_text",
    "holiday_countries",
    "input_snippet",
    "known_zones",
    "load_tests_file",
    "note_snippet",
    "partial_check",
    "rule_snippet",
    "run_case",
]


def partial_check(path: str, text: str) -> CheckedFile:
    """The declarations of a text that parse on their own, checked (the broken ones left out).

    What an editor navigates while a declaration is being typed: the places are in this text.
    Its diagnostics are not the file's; :func:`policylang.check_paths` gives those.
    """
    return analyze(parse_partial(SourceFile(path, text)))
