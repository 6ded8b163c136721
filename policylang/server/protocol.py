"""The limits uvicorn does not have: time to receive a request, time to answer it, size of its head.

uvicorn bounds what it can (``limit_concurrency``, ``timeout_keep_alive``, ``backlog``; the
serve command sets them), but not a client that is slow on purpose: its keep-alive timer is
reset by every byte received, so a client sending one byte every few seconds holds a connection
forever, and its httptools parser buffers headers without limit (uvicorn issue #157; the
``h11_max_incomplete_event_size`` option applies to h11 only, and answers 400). An ASGI
middleware cannot help, since an application only sees a request once its headers are complete:
a client that never completes them never reaches it.

So this is a small subclass of uvicorn's httptools protocol, one per connection, adding:

* **a receive deadline**: a request — request line, headers and body — must arrive whole within
  ``receive_timeout`` seconds of its first byte (of the connection opening, for the first one:
  a connection that sends nothing is closed too). Past it the client gets a ``408``
  ``request-timeout`` problem, when no answer has started, and the connection is closed.
* **an answer deadline**: from the first byte of a request to the last byte of its answer, at
  most ``request_timeout`` seconds. A client that does not read its (batch) answer is cut off
  rather than holding the answer in memory; an answer that could not even start in time (the
  server swamped) is a ``503`` ``overloaded`` problem.
* **a head size limit**: more than ``max_head`` bytes of request line and headers is a ``431``
  ``headers-too-large`` problem, and the connection is closed; the parser never buffers more
  than the limit plus one read from the socket.

Between requests, uvicorn's own keep-alive timeout applies (an idle keep-alive connection is
closed after it). Nothing here changes a request that arrives in time and within the limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson
from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)

from policylang.server.problems import PROBLEM_MEDIA_TYPE, Problem

__all__ = ["DEFAULT_LIMITS", "ConnectionLimits", "protocol_class"]

_logger = logging.getLogger("policylang.server")


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """The per-connection limits (see the module docstring; docs/http-api.md says why these
    defaults)."""

    #: Bytes of request line and headers.
    max_head: int = 16 * 1024
    #: Seconds to receive a whole request, from its first byte (or from the connection opening).
    receive_timeout: float = 10.0
    #: Seconds from the first byte of a request to the last byte of its answer.
    request_timeout: float = 60.0


DEFAULT_LIMITS = ConnectionLimits()


def _raw_problem(problem: Problem) -> bytes:
    """A whole HTTP answer for ``problem``, closing the connection (written to the socket
    directly: the application never saw this request, or is past answering it)."""
    body = orjson.dumps(problem.to_json())
    head = [STATUS_LINE[problem.http_status]]
    for name, value in (
        ("content-type", PROBLEM_MEDIA_TYPE),
        ("content-length", str(len(body))),
        ("connection", "close"),
        *problem.headers.items(),
    ):
        head.append(f"{name}: {value}\r\n".encode("latin-1"))
    return b"".join(head) + b"\r\n" + body


class LimitedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the deadlines and the head limit of this module."""

    limits: ClassVar[ConnectionLimits] = DEFAULT_LIMITS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._receive_timer: asyncio.TimerHandle | None = None
        # One answer deadline per request being answered (more than one only when pipelined).
        self._answer_timers: list[tuple[RequestResponseCycle, asyncio.TimerHandle]] = []
        self._reading_head = True  # every byte until the next head is complete is head
        self._head_bytes = 0  # bytes of the current head received so far
        self._tail = b""  # its last three bytes: the end of a head may straddle two reads

    # ------------------------------------------------------------------ connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_receive()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_receive()
        for _cycle, timer in self._answer_timers:
            timer.cancel()
        self._answer_timers.clear()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return  # refused: what was already on its way is not parsed
        if self._reading_head and not self._head_fits(data):
            self._refuse_head()
            return
        super().data_received(data)

    def _head_fits(self, data: bytes) -> bool:
        """Whether the head being received ends within the limit, or may still: checked before
        the parser sees ``data``, so it never buffers more than the limit. (A head that begins
        in the middle of a read, after a pipelined request, is counted from the next read.)"""
        room = self.limits.max_head - self._head_bytes
        window = data[:room]
        if self._tail:
            window = self._tail + window
        if b"\r\n\r\n" in window:
            return True  # the head ends within the limit; the parser resets the count
        if len(data) > room:
            return False
        self._head_bytes += len(data)
        self._tail = (self._tail + data[-3:])[-3:]
        return True

    # ------------------------------------------------------------------ parser callbacks

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._receive_timer is None:  # the first request's deadline runs from the connection
            self._arm_receive()

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._head_bytes = 0
        self._tail = b""
        previous = self.cycle
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and cycle is not previous:
            timer = self.loop.call_later(self.limits.request_timeout, self._answer_expired, cycle)
            self._answer_timers.append((cycle, timer))

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._cancel_receive()
        self._reading_head = True
        self._head_bytes = 0
        self._tail = b""

    def on_response_complete(self) -> None:
        kept = []
        for cycle, timer in self._answer_timers:
            if cycle.response_complete:
                timer.cancel()
            else:
                kept.append((cycle, timer))
        self._answer_timers = kept
        super().on_response_complete()

    # ------------------------------------------------------------------ the limits

    def _arm_receive(self) -> None:
        self._receive_timer = self.loop.call_later(
            self.limits.receive_timeout, self._receive_expired
        )

    def _cancel_receive(self) -> None:
        if self._receive_timer is not None:
            self._receive_timer.cancel()
            self._receive_timer = None

    def _receive_expired(self) -> None:
        self._receive_timer = None
        if self.transport.is_closing():
            return
        began = self._head_bytes > 0 or not self._reading_head
        cycle = self.cycle
        # An answer is on its way on this connection (to this request, or to the one before it
        # when pipelined): a 408 written now would land in the middle of it.
        answering = (
            cycle is not None
            and not cycle.response_complete
            and (self._reading_head or cycle.response_started)
        )
        if began and not answering:
            seconds = _seconds(self.limits.receive_timeout)
            self._send_and_close(
                Problem(
                    "request-timeout",
                    f"the request (request line, headers and body) did not arrive within "
                    f"{seconds}; this server closes connections that send too slowly",
                )
            )
        else:  # a connection that never sent anything, or is being answered: just close it
            self._drop(abort=answering)

    def _answer_expired(self, cycle: RequestResponseCycle) -> None:
        self._answer_timers = [(c, t) for c, t in self._answer_timers if c is not cycle]
        if cycle.response_complete or self.transport.is_closing():
            return
        seconds = _seconds(self.limits.request_timeout)
        method, path = cycle.scope.get("method", "?"), cycle.scope.get("path", "?")
        if not cycle.response_started:
            _logger.warning("%s %s: no answer after %s; answered 503", method, path, seconds)
            self._send_and_close(
                Problem(
                    "overloaded",
                    f"the server could not answer within {seconds}; try again shortly",
                    headers={"Retry-After": "1"},
                )
            )
            return
        # The answer started but is not read (or not written) in time: nothing can be said on
        # this connection any more, and what is left of the answer is dropped with it.
        _logger.warning(
            "%s %s: the answer was not delivered within %s (client not reading?); "
            "connection closed",
            method,
            path,
            seconds,
        )
        self._drop(abort=True)

    def _refuse_head(self) -> None:
        limit = self.limits.max_head
        self._send_and_close(
            Problem(
                "headers-too-large",
                f"the request line and headers are over {limit} bytes, the most this server reads",
                extra={"limit": limit},
            )
        )

    def _send_and_close(self, problem: Problem) -> None:
        """Answer ``problem`` on the socket and close the connection."""
        self.transport.write(_raw_problem(problem))
        # A client that does not read would keep an unflushed answer (and the socket) forever.
        self._drop(abort=self.transport.get_write_buffer_size() > 0)

    def _drop(self, *, abort: bool) -> None:
        """Close the connection, and tell the application the client is gone (its next
        ``receive`` says so, its next ``send`` is ignored) without waiting for the socket."""
        self._cancel_receive()
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True
            cycle.message_event.set()
        self.flow.resume_writing()
        if abort:
            _discard_unsent(self.transport)
            self.transport.abort()
        else:
            self.transport.close()


#: SO_LINGER on with a zero timeout: close() resets the connection and frees what is unsent.
_RESET_ON_CLOSE = struct.pack("ii", 1, 0)


def _discard_unsent(transport: asyncio.Transport) -> None:
    """Make the coming ``abort()`` reset the connection instead of handing its unsent bytes to
    the kernel. Without it a client that reads a byte now and then still receives megabytes
    after the server gave up on it, and the kernel keeps them in memory meanwhile."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        # OSError: the peer closed it already, and nothing is left to discard.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)


def _seconds(value: float) -> str:
    return f"{value:g} s"


def protocol_class(limits: ConnectionLimits) -> type[HttpToolsProtocol]:
    """A protocol class for ``uvicorn.Config(http=...)`` enforcing ``limits``."""
    return type("LimitedHttpToolsProtocol", (LimitedProtocol,), {"limits": limits})
