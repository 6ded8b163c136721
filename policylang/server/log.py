"""The decision log: one JSON line per decision, to a file or stderr, with masked fields.

A line is ``{"decision_id", "time", "policy": {"id", "version"}, "input", "result"}`` (plus
``as_of`` when the request gave one); its schema is ``schemas/http.schema.json#/$defs/log_line``.
What is masked — the ``--mask`` pointers, and by default the inputs that look personal — is
:mod:`policylang.server.masks`.

The file is created readable by its owner only (0600) and opened without following a symbolic
link: a link planted where the log should be would make the server write its decisions wherever
the link points. An existing file is appended to, as it is.

Lines are buffered and flushed once per HTTP request (one write for a whole batch; lines may be
recorded from worker threads, flushed from the event loop); a failing log (full disk) is
reported once on the server log and never fails a request.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import stat
import sys
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from random import getrandbits
from typing import IO, Any

import orjson

from policylang import CompiledPolicy
from policylang.server.masks import mask_pointer, parse_mask, personal_inputs

__all__ = ["DecisionLog", "LogFileError", "new_decision_id", "open_log_file"]

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


class LogFileError(OSError):
    """The decision log file cannot be opened safely."""


def open_log_file(path: str | Path) -> IO[bytes]:
    """``path`` opened for appending: created 0600 when new, never through a symbolic link,
    and only if it is a regular file (a FIFO would block, a device is not a log)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC
    flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as error:
        if Path(path).is_symlink():
            raise LogFileError(
                f"the decision log {path} is a symbolic link; give the file itself"
            ) from None
        if Path(path).exists() and not Path(path).is_file():  # a FIFO without a reader
            raise LogFileError(f"the decision log {path} is not a regular file") from None
        raise LogFileError(f"cannot open the decision log {path}: {error.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise LogFileError(f"the decision log {path} is not a regular file")
    os.set_blocking(fd, True)
    if info.st_mode & 0o077:
        _logger.warning(
            "decision log %s can be read by others (mode %o); it holds every request: chmod 600 it",
            path,
            stat.S_IMODE(info.st_mode),
        )
    return os.fdopen(fd, "ab", buffering=io.DEFAULT_BUFFER_SIZE)


class DecisionLog:
    """Writes decision log lines to a binary stream; see the module docstring for the format.

    ``mask`` lists the ``--mask`` pointers; ``unmask`` the inputs to log in clear although
    the default mask would hide them (see :mod:`policylang.server.masks`).
    """

    def __init__(
        self,
        stream: IO[bytes],
        *,
        mask: Sequence[str] = (),
        unmask: Collection[str] = (),
        owned: bool = False,
    ):
        self._stream = stream
        self._owned = owned
        self._masks = tuple(parse_mask(m) for m in mask)
        self._unmask = frozenset(unmask)
        self._pending: list[bytes] = []
        self._failed = False

    @classmethod
    def open(
        cls, target: str | Path, *, mask: Sequence[str] = (), unmask: Collection[str] = ()
    ) -> DecisionLog:
        """A log appending to the file ``target``, or writing to stderr when it is ``-``."""
        if str(target) == "-":
            return cls(sys.stderr.buffer, mask=mask, unmask=unmask)
        return cls(open_log_file(target), mask=mask, unmask=unmask, owned=True)

    def personal(self, policy: CompiledPolicy) -> frozenset[str]:
        """The inputs of ``policy`` this log masks by default."""
        # Kept with the policy (`policy.derived`), as long as it lives: a table of the versions
        # seen, keyed by id, had to be bounded and thrashed past its bound when customers with
        # calendar layers made one compiled variant each. A variant recompiled after eviction
        # finds it again in a loop over its inputs.
        personal = policy.derive("personal_inputs", personal_inputs)
        return personal - self._unmask if self._unmask else personal

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
        personal: Collection[str] = (),
    ) -> None:
        """Queue the line for one decision (``result_json`` is ``result`` already encoded;
        ``personal`` the inputs to mask by default, :meth:`personal`)."""
        head: dict[str, Any] = {
            "decision_id": decision_id,
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "policy": {"id": policy_id, "version": version},
        }
        if as_of is not None:
            head["as_of"] = as_of
        hidden = [name for name in personal if name in request] if personal else ()
        if not self._masks and not hidden:
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
            for name in hidden:
                document = mask_pointer(document, ("input", name))
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
