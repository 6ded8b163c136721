"""The decision log: one JSON line per decision, to a file or stderr, with masked fields.

A line is ``{"decision_id", "time", "policy": {"id", "version"}, "input", "result"}`` (plus
``as_of`` when the request gave one); its schema is ``schemas/http.schema.json#/$defs/log_line``.
Masks are JSON pointers into the line (``/input/customer``, ``/result/handler/team``); a bare
name means an input field (``customer`` is ``/input/customer``); ``*`` matches every member of
an object or array (``/result/notes/*/says``). A masked value is replaced by ``"[masked]"``;
a pointer that matches nothing changes nothing.

Lines are buffered and flushed once per HTTP request (one write for a whole batch; lines may be
recorded from worker threads, flushed from the event loop); a failing
log (full disk) is reported once on the server log and never fails a request.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from random import getrandbits
from typing import IO, Any

import orjson

__all__ = ["MASKED", "DecisionLog", "mask_pointer", "new_decision_id", "parse_mask"]

MASKED = "[masked]"

_logger = logging.getLogger("policylang.server")


def new_decision_id() -> str:
    """A fresh decision id: a UUID of version 7 (time-ordered, so log lines sort by it).

    Python 3.11 has no ``uuid.uuid7``; its layout is 48 bits of Unix milliseconds, the version,
    and 74 random bits with the RFC 9562 variant. The random bits come from :mod:`random`
    (reseeded in forked children): ids must be unique, not secret, and a system call per id
    would double their cost.
    """
    millis = time.time_ns() // 1_000_000
    value = (
        (millis & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | getrandbits(12) << 64
        | 0x2 << 62
        | getrandbits(62)
    )
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def parse_mask(mask: str) -> tuple[str, ...]:
    """The reference tokens of one mask (a JSON pointer, or a bare input field name)."""
    if not mask.startswith("/"):
        return ("input", mask)
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in mask[1:].split("/"))


def mask_pointer(document: Any, tokens: Sequence[str]) -> Any:
    """``document`` with the value at ``tokens`` masked; containers on the way are copied, never
    changed in place (a decision shares dictionaries with the compiled policy)."""
    if not tokens:
        return MASKED
    head, rest = tokens[0], tokens[1:]
    if isinstance(document, dict):
        keys = list(document) if head == "*" else [head] if head in document else []
        changed = {k: mask_pointer(document[k], rest) for k in keys}
        changed = {k: v for k, v in changed.items() if v is not document[k]}
        return {**document, **changed} if changed else document
    if isinstance(document, list):
        if head == "*":
            indexes = range(len(document))
        elif head.isdigit() and int(head) < len(document):
            indexes = range(int(head), int(head) + 1)
        else:
            return document
        items = list(document)
        for index in indexes:
            items[index] = mask_pointer(document[index], rest)
        same = all(a is b for a, b in zip(items, document, strict=True))
        return document if same else items
    return document


class DecisionLog:
    """Writes decision log lines to a binary stream; see the module docstring for the format."""

    def __init__(self, stream: IO[bytes], *, mask: Sequence[str] = (), owned: bool = False):
        self._stream = stream
        self._owned = owned
        self._masks = tuple(parse_mask(m) for m in mask)
        self._pending: list[bytes] = []
        self._failed = False

    @classmethod
    def open(cls, target: str | Path, *, mask: Sequence[str] = ()) -> DecisionLog:
        """A log appending to the file ``target``, or writing to stderr when it is ``-``."""
        if str(target) == "-":
            return cls(sys.stderr.buffer, mask=mask)
        stream = open(target, "ab", buffering=io.DEFAULT_BUFFER_SIZE)  # noqa: SIM115 (closed by close())
        return cls(stream, mask=mask, owned=True)

    def record(
        self,
        decision_id: str,
        *,
        policy_id: str,
        version: str,
        request: Any,
        result: dict[str, Any],
        result_json: bytes,
        as_of: str | None = None,
    ) -> None:
        """Queue the line for one decision (``result_json`` is ``result`` already encoded)."""
        head: dict[str, Any] = {
            "decision_id": decision_id,
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "policy": {"id": policy_id, "version": version},
        }
        if as_of is not None:
            head["as_of"] = as_of
        if not self._masks:
            # The common case: the result is already encoded for the response; splice it in.
            line = (
                orjson.dumps(head)[:-1]
                + b',"input":'
                + orjson.dumps(request)
                + b',"result":'
                + result_json
                + b"}\n"
            )
        else:
            document: Any = {**head, "input": request, "result": result}
            for tokens in self._masks:
                document = mask_pointer(document, tokens)
            line = orjson.dumps(document) + b"\n"
        self._pending.append(line)

    def flush(self) -> None:
        """Write the queued lines in one call."""
        if not self._pending:
            return
        # Swapped, not cleared after the join: a worker thread may record a line meanwhile.
        pending, self._pending = self._pending, []
        data = b"".join(pending)
        try:
            self._stream.write(data)
            self._stream.flush()
        except (OSError, ValueError) as error:  # ValueError: the stream was closed under us
            if not self._failed:
                self._failed = True
                _logger.error("decision log: cannot write (%s); decisions go unlogged", error)

    def close(self) -> None:
        """Flush, and close the file if this log opened it."""
        self.flush()
        if self._owned:
            self._stream.close()
