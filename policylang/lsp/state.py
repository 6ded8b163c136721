"""What the server knows of each policy directory: the last check, per file, and its reuse.

A policy is checked with the other files of its directory (two versions of one policy must
not clash), so every check covers the directory of the file that changed, with the texts the
editor holds for its open files. The library reuses the parse of every file whose text did not
change; lint findings are kept per text here for the same reason. For a file whose current text
does not parse, navigation works among the declarations that parse on their own (their places
are in the current text), and hovers quote the last error-free version of the file.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import policylang
from policylang import editor
from policylang.editor import CUSTOMERS_SUFFIX, CheckedFile, Documented

__all__ = ["DirectoryCheck", "FileView", "Workspace"]

#: How many files' lint findings are kept (by text); a directory holds a handful of policies.
LINT_CACHE_SIZE = 64


@dataclass(slots=True)
class FileView:
    """One file as last checked: its text, whether it parsed (``current``), and the checked
    file to navigate with."""

    path: str
    text: str
    #: The checked file of the text (of the declarations that parse, when not ``current``), and
    #: that text: the spans of the index are places in it.
    checked: CheckedFile | None = None
    checked_text: str = ""
    current: bool = False
    #: The last error-free checked file, which the page snippets compile.
    compiled_from: CheckedFile | None = None
    _index: tuple[CheckedFile, editor.SymbolIndex] | None = None
    _documented: tuple[CheckedFile, Documented] | None = None

    def index(self) -> editor.SymbolIndex | None:
        """The symbol index of :attr:`checked` (built once per checked file)."""
        if self.checked is None:
            return None
        if self._index is None or self._index[0] is not self.checked:
            self._index = (self.checked, editor.build_index(self.checked))
        return self._index[1]

    def documented(self) -> Documented | None:
        """The page generator's view of the last error-free version of the file."""
        source = self.compiled_from
        if source is None:
            return None
        if self._documented is None or self._documented[0] is not source:
            self._documented = (source, editor.documented(source))
        return self._documented[1]


@dataclass(slots=True)
class DirectoryCheck:
    """What one check of a directory found, by file."""

    diagnostics: dict[str, list[policylang.Diagnostic]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


class Workspace:
    """The files the server has seen, and the checks of their directories."""

    def __init__(self) -> None:
        self.files: dict[str, FileView] = {}
        self._lint: OrderedDict[tuple[str, str], list[policylang.Diagnostic]] = OrderedDict()
        #: The files each directory's last check published diagnostics for.
        self.published: dict[str, set[str]] = {}
        #: The files each directory's last check read (a file since deleted is not among them).
        self._members: dict[str, tuple[str, ...]] = {}
        self.today = dt.date.today

    def check(self, directory: str | None, unsaved: Mapping[str, str]) -> DirectoryCheck:
        """Check (and lint) a directory's policies with the editor's texts of its open files.

        ``directory`` None checks the unsaved texts alone (a file that is not on disk).
        """
        paths = [directory] if directory is not None else []
        report = policylang.check_paths(paths, unsaved=unsaved)
        result = DirectoryCheck()
        for path, source in report.sources.items():
            result.texts[path] = source.text
            result.diagnostics[path] = []
        for path in unsaved:
            result.diagnostics.setdefault(path, [])
        for diagnostic in report.diagnostics:
            if diagnostic.file in result.diagnostics:
                result.diagnostics[diagnostic.file].append(diagnostic)
        checked_by_path = {checked.file.path: checked for checked in report.files}
        if directory is not None:
            self._members[directory] = tuple(result.texts)
        for path, text in result.texts.items():
            self._remember(path, text, checked_by_path.get(path))
        for checked in report.files:
            if checked.ok:
                result.diagnostics[checked.file.path] += self._lint_findings(checked)
        return result

    def _remember(self, path: str, text: str, checked: CheckedFile | None) -> None:
        view = self.files.get(path)
        if view is None:
            view = self.files[path] = FileView(path, text)
        view.text = text
        view.current = checked is not None
        if path.endswith(CUSTOMERS_SUFFIX):
            return  # checked with the policies (its diagnostics); no declarations to navigate
        if checked is None and view.checked_text != text:
            # A text that does not parse: navigate among the declarations that do.
            checked = editor.partial_check(path, text)
        if checked is not None:
            view.checked = checked
            view.checked_text = text
            if checked.ok and view.current:
                view.compiled_from = checked

    def _lint_findings(self, checked: CheckedFile) -> list[policylang.Diagnostic]:
        text = self.files[checked.file.path].text
        key = (checked.file.path, text)
        if key in self._lint:
            self._lint.move_to_end(key)
            return self._lint[key]
        findings = policylang.lint(checked)
        self._lint[key] = findings
        while len(self._lint) > LINT_CACHE_SIZE:
            self._lint.popitem(last=False)
        return findings

    def policies(self, directory: str | None) -> list[FileView]:
        """The policy files of a directory's last check that have declarations to name, as the
        editor held them (a policy that does not parse: the declarations that do)."""
        members = self._members.get(directory, ()) if directory is not None else ()
        views = [self.files.get(path) for path in members if not path.endswith(CUSTOMERS_SUFFIX)]
        return [view for view in views if view is not None and view.checked is not None]

    def view(self, path: str) -> FileView | None:
        """The last check's view of a file, if it was checked."""
        return self.files.get(path)


def directory_of(path: str) -> str | None:
    """The policy directory a file belongs to (its folder), or None when it is not on disk
    (an editor's untitled buffer has no path, only a URI)."""
    where = Path(path)
    if not where.is_absolute():
        return None
    return str(where.parent) if where.parent.is_dir() else None
