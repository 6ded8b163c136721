"""A cache of parsed policy files, as data, so a command that reads unchanged policies again
(every `policylang eval`) skips the parser.

Parsing is most of what `policylang eval` spends on its policies, and the bundled or deployed
policies rarely change between two runs. After a file parses, its tree is written as JSON to
``<cache dir>/trees/<key>.json``; the next run with the same text reads it back instead of
loading Lark and parsing. The checker and the compiler run as before, on the same tree.

What keeps it safe:

* **Data only.** The file holds names of AST classes, strings, booleans, ``null`` and lists;
  reading it builds instances of the classes :mod:`policylang.lang.ast` exports and nothing
  else (no pickle, no marshal, no code). An unknown class name or a wrong field count makes the
  file unusable, never a call to anything but an AST constructor.
* **Never trusted blindly.** The key is the SHA-256 of the file's text together with a
  fingerprint of what shapes trees (the package version, the AST module, the parser package,
  the grammar and Lark's version), so an edited policy, another release or an edited grammar in a
  checkout misses the cache. The file repeats the key inside and is used only when it matches.
* **Never a failure.** A missing, corrupt, foreign or unreadable file is ignored (logged at
  debug level on the ``policylang.cache`` logger) and the text is parsed; a directory that
  cannot be written is ignored the same way. Files are written to a temporary name and renamed,
  so a reader never sees half a file.
* **Bounded.** Every edit of a file caches a new text; the newest `MAX_ENTRIES` trees are
  kept and older ones removed when a tree is written.
* **Opt-out.** ``POLICYLANG_NO_CACHE=1`` turns it off (nothing read or written);
  ``POLICYLANG_CACHE_DIR`` moves it. By default it lives in ``$XDG_CACHE_HOME/policylang``
  (``~/.cache/policylang``; ``%LOCALAPPDATA%\\policylang\\Cache`` on Windows).

Only trees of files that parsed without a diagnostic are cached; a file with a syntax error is
parsed every time, so its diagnostics are always the parser's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import logging
import os
import re
import sys
import tempfile
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from policylang.lang import ast
from policylang.lang.source import SourceFile, Span
from policylang.lang.syntax.limits import MAX_NESTING
from policylang.resources import data_path

__all__ = ["cache_dir", "enabled", "load", "store"]

_logger = logging.getLogger("policylang.cache")

#: Bumped when the layout of a cached file changes.
_FORMAT = 1

#: The name of a tree this cache writes (its key, a SHA-256 in hex): pruning touches no other.
_OWN_NAME = re.compile(r"[0-9a-f]{64}\.json")

#: How many trees the cache keeps (the newest): a policy directory's files, several times over.
MAX_ENTRIES = 256

#: The classes a cached file may name: the AST module's node classes, nothing else.
_CLASSES: dict[str, type[ast.Node]] = {
    name: value
    for name, value in vars(ast).items()
    if isinstance(value, type)
    and issubclass(value, ast.Node)
    and value.__module__ == ast.__name__
    and dataclasses.is_dataclass(value)
}

#: Each class's fields in order (``span`` apart: it is written on its own).
_FIELDS: dict[type[ast.Node], tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if f.name != "span")
    for cls in _CLASSES.values()
}


#: How deep a cached tree may nest (nodes within nodes). A tree that parsed cleanly nests less:
#: conditions and items stop at the parser's MAX_NESTING levels, and a file, a declaration and
#: a statement add a handful; a deeper one is not the parser's, and would take every recursive
#: walk past what the parser's limit promises.
MAX_DEPTH = 2 * MAX_NESTING + 16

Check = Callable[[object], bool]


def _check_of(hint: Any) -> Check:
    """A test that a decoded value fits a field's annotation (the AST uses node classes, ``str``,
    ``bool``, ``None``, unions and tuples; anything else is a new kind of field to teach)."""
    origin = typing.get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        options = tuple(_check_of(a) for a in typing.get_args(hint))
        return lambda v: any(option(v) for option in options)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _check_of(args[0])
            return lambda v: type(v) is tuple and all(item(x) for x in v)
        items = tuple(_check_of(a) for a in args)
        return lambda v: type(v) is tuple and len(v) == len(items) and all(
            check(x) for check, x in zip(items, v, strict=True)
        )
    if hint is type(None):
        return lambda v: v is None
    if hint is str or hint is bool:
        return lambda v: type(v) is hint
    if isinstance(hint, type) and issubclass(hint, ast.Node):
        return lambda v: isinstance(v, hint)
    raise TypeError(f"the parse cache cannot check a field of type {hint!r}")


@functools.cache
def _checks(class_name: str) -> tuple[tuple[str, Check], ...]:
    """Each field of the node class (``span`` apart) with the test its decoded value must pass."""
    cls = _CLASSES[class_name]
    hints = typing.get_type_hints(cls, vars(ast))
    return tuple((name, _check_of(hints[name])) for name in _FIELDS[cls])


def _private(directory: Path) -> bool:
    """Whether ``directory`` is the user's own: a tree read from it decides answers, so one that
    others may write (``/tmp`` itself, a group-writable share) is not used. Created if missing,
    readable by the user alone."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not hasattr(os, "getuid"):  # Windows: the user's profile directory is private
            return True
        status = directory.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def enabled() -> bool:
    """False when ``POLICYLANG_NO_CACHE`` is set to anything but ``0`` or empty."""
    return os.environ.get("POLICYLANG_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """Where cached trees live: ``POLICYLANG_CACHE_DIR``, else the user's cache directory."""
    explicit = os.environ.get("POLICYLANG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "policylang" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policylang"


@functools.cache
def _fingerprint() -> bytes:
    """What else a tree depends on besides its text: the cache format and the files that shape
    trees, read as bytes (edited freely in a checkout without a new version): the package's
    ``__init__`` (its version), the AST, the parser package, the grammar, and Lark's own
    ``__init__`` (Lark's version; found without importing Lark, which a hit never needs)."""
    digest = hashlib.sha256(f"format {_FORMAT}\0".encode())
    here = Path(__file__).resolve().parent
    shaping = [here.parent / "__init__.py", here / "ast.py", here / "source.py"]
    shaping += [*sorted((here / "syntax").glob("*.py")), data_path("grammars", "policy.lark")]
    lark = importlib.util.find_spec("lark")
    if lark is not None and lark.origin is not None:
        shaping.append(Path(lark.origin))
    for path in shaping:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _key(text: str) -> str:
    digest = hashlib.sha256(_fingerprint())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _file(key: str) -> Path:
    trees = cache_dir() / "trees"
    if not _private(trees):
        raise ValueError(f"{trees} is not the user's own directory: the cache is not used")
    return trees / f"{key}.json"


def load(source: SourceFile) -> ast.PolicyFile | None:
    """The cached tree of ``source``'s text (named by ``source.path``), or None (not cached,
    cache off, or a file not fit to use)."""
    if not enabled():
        return None
    try:
        key = _key(source.text)
        path = _file(key)
        raw = path.read_bytes()
    except (OSError, ValueError):  # no such file (the usual miss), or no home directory
        return None
    try:
        document = orjson.loads(raw)
        if not isinstance(document, dict) or document.get("key") != key:
            raise ValueError("not a cached tree of this text")
        tree = _Decoder(source.path).node(document["tree"])
        if not isinstance(tree, ast.PolicyFile):
            raise ValueError("not a policy file's tree")
        with contextlib.suppress(OSError):
            os.utime(path)  # used: pruning keeps the trees read last, not only those written last
        return tree
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as problem:
        _logger.debug("ignoring cached tree %s: %s", path, problem)
        return None


def store(source: SourceFile, tree: ast.PolicyFile) -> None:
    """Cache ``tree``, the parse of ``source``; a failure to write is logged and ignored."""
    if not enabled():
        return
    try:
        key = _key(source.text)
        path = _file(key)
        if path.exists():
            return
        data = orjson.dumps({"key": key, "tree": _Encoder(source.path).node(tree)})
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tree-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent)
    except (OSError, ValueError, TypeError, RecursionError) as problem:
        _logger.debug("not caching the tree of %s: %s", source.path, problem)


def _prune(trees: Path) -> None:
    """Keep the newest `MAX_ENTRIES` trees: every edit of a file caches a new text, and the
    cache must not grow without end. Only the cache's own ``<sha256>.json`` files go."""
    entries = []
    for entry in trees.glob("*.json"):
        if not _OWN_NAME.fullmatch(entry.name):
            continue  # not a tree this cache wrote: never removed
        with contextlib.suppress(OSError):  # removed meanwhile by another process
            entries.append((entry.stat().st_mtime, entry))
    entries.sort(reverse=True)
    for _, old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


class _Encoder:
    """A tree as JSON data: a node is ``[class, span, field...]``, a tuple ``{"tuple": [...]}``;
    a span is
    ``[start, end, line, column, end_line, end_column]`` plus its path when it is not the
    file's. The root's path is left out: the reader names the file."""

    def __init__(self, path: str) -> None:
        self.path = path

    def node(self, node: ast.Node) -> list[Any]:
        if _CLASSES.get(type(node).__name__) is not type(node):
            raise TypeError(f"{type(node).__name__} is not a node class of the AST module")
        s = node.span
        span: list[Any] = [s.start, s.end, s.line, s.column, s.end_line, s.end_column]
        if s.path != self.path:
            span.append(s.path)
        values = [
            None if name == "path" and isinstance(node, ast.PolicyFile) else getattr(node, name)
            for name in _FIELDS[type(node)]
        ]
        return [type(node).__name__, span, *map(self.value, values)]

    def value(self, value: object) -> object:
        if isinstance(value, ast.Node):
            return self.node(value)
        if isinstance(value, tuple):
            return {"tuple": [self.value(v) for v in value]}
        if value is None or isinstance(value, str | bool):
            return value
        raise TypeError(f"a tree holds a {type(value).__name__}, which the cache does not write")


class _Decoder:
    """JSON data back to a tree, building only AST nodes (see :class:`_Encoder`)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.depth = 0

    def node(self, data: object) -> ast.Node:
        if type(data) is not list or len(data) < 2 or type(data[0]) is not str:
            raise ValueError("a node is not [class, span, fields...]")
        self.depth += 1
        try:
            return self._node(data)
        finally:
            self.depth -= 1

    def _node(self, data: list[Any]) -> ast.Node:
        if self.depth > MAX_DEPTH:
            raise ValueError(f"a tree nested more than {MAX_DEPTH} deep")
        cls = _CLASSES.get(data[0])
        if cls is None:
            raise ValueError(f"unknown node class {data[0]!r}")
        names = _FIELDS[cls]
        if len(data) != len(names) + 2:
            raise ValueError(f"{data[0]} has {len(names)} fields")
        value = self.value
        fields = [v if type(v) is str else value(v) for v in data[2:]]  # mostly names: inline
        values = dict(zip(names, fields, strict=True))
        if cls is ast.PolicyFile:
            values["path"] = self.path
        for name, fits in _checks(data[0]):
            if not fits(values[name]):
                raise ValueError(f"{data[0]}.{name} holds what the parser never puts there")
        return cls(**values, span=self.span(data[1]))

    def span(self, data: object) -> Span:
        if type(data) is list and len(data) == 6:
            start, end, line, column, end_line, end_column = data
            path = self.path
        elif type(data) is list and len(data) == 7:
            start, end, line, column, end_line, end_column, path = data
        else:
            raise ValueError("a span is not six numbers and a path")
        if (
            type(start) is not int
            or type(end) is not int
            or type(line) is not int
            or type(column) is not int
            or type(end_line) is not int
            or type(end_column) is not int
            or type(path) is not str
        ):
            raise ValueError("a span is not six numbers and a path")
        return Span(path, start, end, line, column, end_line, end_column)

    def value(self, data: object) -> object:
        if isinstance(data, list):
            return self.node(data)
        if isinstance(data, dict):
            items = data["tuple"]
            if len(data) != 1 or not isinstance(items, list):
                raise ValueError('a tuple is not {"tuple": [...]}')
            return tuple(self.value(v) for v in items)
        if data is None or isinstance(data, str | bool):
            return data
        raise ValueError(f"unexpected {type(data).__name__} in a tree")
