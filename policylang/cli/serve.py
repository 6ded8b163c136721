"""``policylang serve``: the decision service on uvicorn (see docs/http-api.md).

The server modules (Starlette, uvicorn, watchfiles, orjson) are imported only when the command
runs, so the rest of the command line does not pay for importing them.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import sys
from typing import Any

import click

from policylang import render_human
from policylang.cli.policysource import ORDER_HELP, path_or_default
from policylang.errors import PolicyError

__all__ = ["serve"]

#: Connections (and requests) served at once; the reasons for the figure are in docs/http-api.md.
DEFAULT_CONCURRENCY = 4096
#: uvicorn's idle time allowed between two requests of a keep-alive connection.
KEEP_ALIVE_SECONDS = 5
#: Files the process keeps open besides its connections (policies, log, watcher, libraries).
FILES_BESIDES_CONNECTIONS = 64

_MISSING_EXTRA = (
    "policylang serve needs its dependencies (starlette, uvicorn, watchfiles, orjson): "
    "reinstall policylang (python -m pip install . in a clone of its repository)"
)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option(
    "--policies",
    "policies_dir",
    default=None,
    type=click.Path(file_okay=False),
    help=f"Directory of .policy files to serve (watched for changes) [default: {ORDER_HELP}].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8181, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A name clients may use in Host and Origin, besides the loopback names and the bound "
    "address (`*`: any, behind a proxy that checks Host). Repeatable.",
)
@click.option(
    "--admin-token",
    envvar="POLICYLANG_ADMIN_TOKEN",
    show_envvar=True,
    default=None,
    metavar="TOKEN",
    callback=lambda _ctx, _param, value: _valid_token(value),
    help="Enables POST /v1/reload for requests sending `Authorization: Bearer TOKEN` (16+ "
    "printable characters; prefer the environment variable: a flag shows in `ps`). Without "
    "it, reload over HTTP is disabled; the watcher still reloads.",
)
@click.option(
    "--max-body",
    default=1 << 20,
    show_default=True,
    type=click.IntRange(1),
    help="Largest request body accepted, in bytes.",
)
@click.option(
    "--max-batch",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Most items one batch may hold.",
)
@click.option(
    "--decision-log",
    default=None,
    metavar="PATH",
    help="Append one JSON line per decision to PATH (`-`: stderr). Off by default.",
)
@click.option(
    "--mask",
    multiple=True,
    metavar="FIELD",
    help="Mask a field in the decision log: an input name or a JSON pointer "
    "(/input/customer, /result/notes/*/says); checked against the policies. Repeatable.",
)
@click.option(
    "--unmask",
    multiple=True,
    metavar="INPUT",
    help="Log this input in clear although it looks personal (free text, or a number or date "
    "named like customer_phone), which the decision log masks by default. Repeatable.",
)
@click.option(
    "--watch/--no-watch", default=True, show_default=True, help="Reload when the policies change."
)
@click.option(
    "--limit-concurrency",
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    type=click.IntRange(1),
    help="Connections and requests at once; beyond it, 503.",
)
@click.option(
    "--max-header-size",
    default=16 * 1024,
    show_default=True,
    type=click.IntRange(1024),
    help="Largest request line and headers accepted, in bytes; beyond it, 431.",
)
@click.option(
    "--receive-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds a client has to send a whole request (headers and body); then 408.",
)
@click.option(
    "--request-timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds from a request's first byte to the last byte of its answer.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port (SO_REUSEPORT), each with every limit above and "
    "its own watcher; see docs/deployment.md.",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(
    *,
    policies_dir: str | None,
    host: str,
    port: int,
    allowed_hosts: tuple[str, ...],
    admin_token: str | None,
    max_body: int,
    max_batch: int,
    decision_log: str | None,
    mask: tuple[str, ...],
    unmask: tuple[str, ...],
    watch: bool,
    limit_concurrency: int,
    max_header_size: int,
    receive_timeout: float,
    request_timeout: float,
    workers: int,
    access_log: bool,
    log_level: str,
) -> None:
    """Serve decisions over HTTP (127.0.0.1:8181 unless told otherwise).

    Loads and checks the policies first: exits 1 with the diagnostics when any is invalid.
    """
    try:
        import uvicorn  # noqa: PLC0415 (imported when serving, not for every command)

        from policylang.server.app import create_app  # noqa: PLC0415
        from policylang.server.guards import AllowedHosts  # noqa: PLC0415
        from policylang.server.masks import MaskError  # noqa: PLC0415
        from policylang.server.protocol import ConnectionLimits, protocol_class  # noqa: PLC0415
    except ImportError:
        click.echo(_MISSING_EXTRA, err=True)
        sys.exit(1)
    _configure_logging(log_level)
    policies = path_or_default(policies_dir)
    try:
        app = create_app(
            policies,
            max_body=max_body,
            max_batch=max_batch,
            decision_log=decision_log,
            mask=mask,
            unmask=unmask,
            watch=watch,
            allowed_hosts=AllowedHosts.for_bind(host, allowed_hosts),
            admin_token=admin_token,
        )
    except PolicyError as error:
        for diagnostic in error.diagnostics:
            click.echo(render_human(diagnostic, {}, styled=True), err=True)
        click.echo(f"policylang serve: the policies in {policies} are invalid", err=True)
        sys.exit(1)
    except MaskError as error:  # a mask that can match nothing: a bad option
        for line in str(error).splitlines():
            click.echo(f"policylang serve: {line}", err=True)
        sys.exit(2)
    except OSError as error:  # the decision log cannot be opened (safely)
        click.echo(f"policylang serve: {error}", err=True)
        sys.exit(1)
    _warn_about_exposure(host, allowed_hosts, admin_token=admin_token, watch=watch)
    _raise_file_limit(limit_concurrency)
    limits = ConnectionLimits(
        max_head=max_header_size,
        receive_timeout=receive_timeout,
        request_timeout=request_timeout,
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        loop=_best("uvloop", "auto"),
        http=protocol_class(limits),
        ws="none",  # no WebSocket endpoint: an Upgrade is an ordinary request
        log_level=log_level,
        access_log=access_log,
        limit_concurrency=limit_concurrency,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        server_header=False,
        proxy_headers=False,
    )
    _run(config, workers, host, port)


def _run(config: Any, workers: int, host: str, port: int) -> None:
    """Serve until stopped: one process, or a supervisor of ``workers`` (exit codes as above)."""
    import uvicorn  # noqa: PLC0415 (imported when serving, not for every command)

    if workers > 1:
        from policylang.server.workers import serve_workers  # noqa: PLC0415

        sys.exit(serve_workers(config, workers))
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit as stop:
        # uvicorn exits 3 when it cannot bind; here 3 means a bug, and a taken port is not one.
        if stop.code in (0, None):
            raise
        click.echo(f"policylang serve: cannot listen on {host}:{port} (see above)", err=True)
        sys.exit(1)
    if not server.started:
        sys.exit(1)


def _valid_token(token: str | None) -> str | None:
    from policylang.server.guards import token_problem  # noqa: PLC0415

    problem = None if token is None else token_problem(token)
    if problem is not None:
        raise click.BadParameter(
            f"the admin token {problem}; make one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'",
            param_hint="'--admin-token' / POLICYLANG_ADMIN_TOKEN",
        )
    return token


def _warn_about_exposure(
    host: str, allowed_hosts: tuple[str, ...], *, admin_token: str | None, watch: bool
) -> None:
    """Say at startup what the configuration leaves open or closed."""
    from policylang.server.guards import AllowedHosts  # noqa: PLC0415

    logger = logging.getLogger("policylang.server")
    if not _is_loopback(host):
        logger.warning(
            "binding %s: anyone who can reach it can ask for decisions; expose it only behind "
            "an authenticating proxy",
            host,
        )
        if not allowed_hosts:
            logger.warning(
                "requests must name this server %s in their Host header: add --allowed-host "
                "for the names clients use (`*` behind a proxy that checks Host)",
                AllowedHosts.for_bind(host).shown(),
            )
    if admin_token is None:
        logger.info(
            "POST /v1/reload is disabled (no --admin-token); %s",
            "the policies reload when their files change" if watch else "nothing reloads them",
        )


def _raise_file_limit(connections: int) -> None:
    """Let the process hold ``connections`` sockets: raise the soft limit on open files toward
    the hard one (as Go's runtime does at startup); warn when even that is too low, since
    connections beyond it wait in the kernel's queue instead of being answered."""
    try:
        import resource  # noqa: PLC0415 (POSIX only)
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = connections + FILES_BESIDES_CONNECTIONS
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    if soft != resource.RLIM_INFINITY and soft < needed:
        logging.getLogger("policylang.server").warning(
            "only %d files may be open (ulimit -n): fewer than --limit-concurrency %d "
            "connections can be served at once",
            soft,
            connections,
        )


def _best(module: str, fallback: str) -> str:
    """``module`` when it is installed (``uvicorn[standard]``), else uvicorn's fallback."""
    try:
        __import__(module)
    except ImportError:
        return fallback
    return module


def _configure_logging(level: str) -> None:
    """Send the service's own log (reloads, internal errors) to stderr, as uvicorn does."""
    logger = logging.getLogger("policylang")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
