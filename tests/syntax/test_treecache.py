"""The cache of parsed trees: the same tree back, and never a failure or a wrong tree from a bad
file (corrupt, stale, foreign, unwritable, switched off)."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from policylang.lang import ast, treecache
from policylang.lang.loader import _parse_once, check_paths
from policylang.lang.source import SourceFile
from policylang.lang.syntax import parser
from policylang.lang.syntax.parser import parse
from tests.conftest import ROOT

POLICIES = sorted((ROOT / "policies").glob("*.policy")) + sorted(
    (ROOT / "tests" / "syntax" / "ok").glob("*.policy")
)


def explicit(value: object) -> object:
    """Every field of a tree, spans and comments included (node equality skips them)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            *((f.name, explicit(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, tuple):
        return tuple(explicit(v) for v in value)
    return value


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own, enabled."""
    monkeypatch.setenv("POLICYLANG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICYLANG_NO_CACHE", raising=False)
    return tmp_path / "cache"


def source_of(path: Path, name: str | None = None) -> SourceFile:
    return SourceFile(name or path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_a_cached_tree_is_the_parsed_tree(cache: Path, path: Path) -> None:
    source = source_of(path)
    tree = parse(source)
    assert treecache.load(source) is None
    treecache.store(source, tree)
    assert explicit(treecache.load(source)) == explicit(tree)


def test_the_cached_tree_takes_the_name_it_is_read_under(cache: Path) -> None:
    path = ROOT / "policies" / "itc.policy"
    treecache.store(source_of(path, "first/itc.policy"), parse(source_of(path, "first/itc.policy")))
    again = source_of(path, "second/itc.policy")
    assert explicit(treecache.load(again)) == explicit(parse(again))


def test_a_check_reads_the_cache_without_parsing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parse_once.cache_clear()  # parsed by an earlier test of this process: parse again
    first = check_paths([ROOT / "policies"])
    assert first.ok and list(cache.glob("trees/*.json"))
    _parse_once.cache_clear()

    def no_parsing(source: SourceFile) -> ast.PolicyFile:
        raise AssertionError(f"parsed {source.path} again")

    monkeypatch.setattr(parser, "parse", no_parsing)
    second = check_paths([ROOT / "policies"])
    _parse_once.cache_clear()
    assert second.ok
    assert [explicit(c.file) for c in second.files] == [explicit(c.file) for c in first.files]


def corrupt(text: bytes) -> bytes:
    return text[: len(text) // 2]


def stale(text: bytes) -> bytes:
    document = orjson.loads(text)
    document["key"] = "0" * 64
    return orjson.dumps(document)


def foreign_class(text: bytes) -> bytes:
    return text.replace(b'["PolicyFile"', b'["os.system"', 1)


def wrong_fields(text: bytes) -> bytes:
    document = orjson.loads(text)
    document["tree"].append(None)
    return orjson.dumps(document)


def not_a_span(text: bytes) -> bytes:
    document = orjson.loads(text)
    document["tree"][1] = ["0", 1, 1, 1, 1, 1]
    return orjson.dumps(document)


def not_a_tree(text: bytes) -> bytes:
    return b'{"key": "%s", "tree": {"tuple": []}}' % orjson.loads(text)["key"].encode()


def not_json(text: bytes) -> bytes:
    return b"\x80\x04\x95 a pickle, say"


def _replace_first(node: object, wanted: str, replacement: object) -> bool:
    """Put ``replacement`` in place of the first field of a ``wanted`` node (depth first)."""
    if isinstance(node, list) and node and node[0] == wanted and len(node) > 2:
        node[2] = replacement
        return True
    children = node["tuple"] if isinstance(node, dict) else node if isinstance(node, list) else []
    return any(_replace_first(child, wanted, replacement) for child in children)


def wrong_field_type(replacement: object) -> Callable[[bytes], bytes]:
    """A well-formed file whose ``Reference`` names hold what the parser never puts there."""

    def damage(text: bytes) -> bytes:
        document = orjson.loads(text)
        assert _replace_first(document["tree"], "Reference", replacement)
        return orjson.dumps(document)

    damage.__name__ = f"reference_holds_{type(replacement).__name__}"
    return damage


def too_deep(text: bytes) -> bytes:
    """A condition nested deeper than the parser allows (a `not` around itself, 150 times)."""
    document = orjson.loads(text)
    nested: object = ["Truth", [0, 1, 1, 1, 1, 2], ["Name", [0, 1, 1, 1, 1, 2], "x"]]
    for _ in range(150):
        nested = ["Not", [0, 1, 1, 1, 1, 2], nested]
    assert _replace_first(document["tree"], "When", nested)
    return json.dumps(document).encode()  # orjson refuses to write so deep; it reads it


@pytest.mark.parametrize(
    "damage",
    [
        corrupt,
        stale,
        foreign_class,
        wrong_fields,
        not_a_span,
        not_a_tree,
        not_json,
        # Found by review: a field of the wrong type crashed the checker ("internal error").
        wrong_field_type(True),
        wrong_field_type("bare string"),
        wrong_field_type({"tuple": []}),
        too_deep,
    ],
    ids=lambda damage: damage.__name__,
)
def test_a_bad_cache_file_is_ignored_and_logged(
    cache: Path, caplog: pytest.LogCaptureFixture, damage: Callable[[bytes], bytes]
) -> None:
    source = source_of(ROOT / "policies" / "chatops.policy")
    treecache.store(source, parse(source))
    (file,) = cache.glob("trees/*.json")
    file.write_bytes(damage(file.read_bytes()))
    with caplog.at_level(logging.DEBUG, logger="policylang.cache"):
        assert treecache.load(source) is None
    assert "ignoring cached tree" in caplog.text


def test_a_changed_text_misses_the_cache(cache: Path) -> None:
    source = source_of(ROOT / "policies" / "chatops.policy")
    treecache.store(source, parse(source))
    edited = SourceFile(source.path, source.text + "\n")
    assert treecache.load(edited) is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a read-only directory")
def test_an_unwritable_cache_is_ignored(cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o500)
    _parse_once.cache_clear()
    try:
        report = check_paths([ROOT / "policies"])
    finally:
        _parse_once.cache_clear()
        cache.chmod(0o700)
    assert report.ok and not list(cache.iterdir())


def test_a_cache_path_that_is_a_file_is_ignored(cache: Path) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("not a directory")
    source = source_of(ROOT / "policies" / "chatops.policy")
    treecache.store(source, parse(source))
    assert treecache.load(source) is None
    assert cache.read_text() == "not a directory"


def test_no_cache_reads_and_writes_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = source_of(ROOT / "policies" / "chatops.policy")
    treecache.store(source, parse(source))
    monkeypatch.setenv("POLICYLANG_NO_CACHE", "1")
    assert treecache.load(source) is None
    other = source_of(ROOT / "policies" / "itc.policy")
    treecache.store(other, parse(other))
    assert len(list(cache.glob("trees/*.json"))) == 1


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"POLICYLANG_CACHE_DIR": "/srv/cache"}, "/srv/cache"),
        ({"XDG_CACHE_HOME": "/home/u/.cache"}, "/home/u/.cache/policylang"),
    ],
    ids=["explicit", "xdg"],
)
def test_where_the_cache_lives(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    monkeypatch.delenv("POLICYLANG_CACHE_DIR", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert treecache.cache_dir() == Path(expected)


def test_the_cache_keeps_the_newest_trees_only(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(treecache, "MAX_ENTRIES", 2)
    base = source_of(ROOT / "policies" / "chatops.policy")
    edits = [SourceFile(base.path, base.text + "\n" * n) for n in range(4)]
    for age, edit in enumerate(edits):
        treecache.store(edit, parse(edit))
        written = treecache._file(treecache._key(edit.text))
        os.utime(written, (age, age))  # distinct ages, whatever the clock's resolution
    assert len(list(cache.glob("trees/*.json"))) == 2
    assert [treecache.load(edit) is not None for edit in edits] == [False, False, True, True]


def test_pruning_removes_only_the_trees_it_wrote(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of another name in the trees directory (a user's, another tool's) is never
    deleted, however old: the cache removes only what it wrote."""
    monkeypatch.setattr(treecache, "MAX_ENTRIES", 1)
    trees = cache / "trees"
    trees.mkdir(parents=True, exist_ok=True)
    foreign = trees / "notes.json"
    foreign.write_text("{}", encoding="utf-8")
    os.utime(foreign, (0, 0))
    base = source_of(ROOT / "policies" / "chatops.policy")
    for n in range(3):
        edit = SourceFile(base.path, base.text + "\n" * n)
        treecache.store(edit, parse(edit))
    assert foreign.exists()
    assert len(list(trees.glob("[0-9a-f]*.json"))) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_directory_others_may_write_is_not_used(cache: Path) -> None:
    """A tree read from the cache decides answers: a cache directory others may write (a shared
    one, ``/tmp`` itself) is not used, neither read nor written."""
    (cache / "trees").mkdir(parents=True)
    (cache / "trees").chmod(0o777)
    source = source_of(ROOT / "policies" / "chatops.policy")
    treecache.store(source, parse(source))
    assert not list((cache / "trees").iterdir())
    (cache / "trees").chmod(0o700)
    treecache.store(source, parse(source))
    (cache / "trees").chmod(0o777)
    assert treecache.load(source) is None


def test_fmt_formats_the_file_s_own_text_not_a_cached_tree(cache: Path, tmp_path: Path) -> None:
    """Found by review: a planted tree (right key, another title) made `fmt` rewrite the file
    with it. fmt parses the file's text; the planted tree changes nothing on disk."""
    from tests.cli.proc import run

    policy = tmp_path / "chatops.policy"
    policy.write_text((ROOT / "policies" / "chatops.policy").read_text(encoding="utf-8"))
    before = policy.read_bytes()
    source = SourceFile(str(policy), policy.read_text(encoding="utf-8"))
    treecache.store(source, parse(source))
    (file,) = cache.glob("trees/*.json")
    planted = file.read_bytes().replace(b"ChatOps", b"PLANTED", 1)
    assert planted != file.read_bytes()
    file.write_bytes(planted)
    result = run("fmt", str(policy), env={"POLICYLANG_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    assert policy.read_bytes() == before
