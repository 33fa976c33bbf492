"""`privacy-server`: migrate, create-user, seed-demo, serve, worker, extend-request, agent."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import getpass
import os
import ssl
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from server.accounts import AccountExists, create_user
from server.config import Settings
from server.db.database import Database
from server.db.migrate import upgrade_to_latest
from server.demo import DEFAULT_DEMO_EVENTS, DEMO_EMAIL, DEMO_PASSWORD, seed_demo
from server.drp import commands as agent_commands
from server.jobs import commands as job_commands


def _event_count(text: str) -> int:
    """seed-demo --events: a whole number, zero or more."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return count


def _process_count(text: str) -> int:
    """serve --workers: a whole number, one or more."""
    count = _event_count(text)
    if count < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="privacy-server", description=__doc__)
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@localhost/privacy "
        "(default: $PRIVACY_SERVER_DATABASE_URL, else a SQLite file in the user data dir)",
    )
    parser.add_argument(
        "--export-dir",
        help="where access copies are written and served from "
        "(default: $PRIVACY_SERVER_EXPORT_DIR, else 'exports' in the user data dir)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade the database schema")
    create = commands.add_parser("create-user", help="add an account")
    create.add_argument("email")
    create.add_argument("--username", default="")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    seed = commands.add_parser("seed-demo", help="create the demo account and its history")
    seed.add_argument(
        "--events",
        type=_event_count,
        default=DEFAULT_DEMO_EVENTS,
        metavar="N",
        help=f"playback events to seed for a new demo account (default {DEFAULT_DEMO_EVENTS})",
    )
    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument(
        "--workers",
        type=_process_count,
        default=1,
        metavar="N",
        help="API processes sharing the port (default 1); they share everything through the "
        "database, the sign-in limits included",
    )
    serve.add_argument(
        "--certfile",
        metavar="PATH",
        help="serve HTTPS (TLS 1.2 or newer) with this PEM certificate chain, the service's "
        "own certificate first; without it, plain HTTP for a reverse proxy in front",
    )
    serve.add_argument(
        "--keyfile",
        metavar="PATH",
        help="the certificate's PEM private key, unencrypted (default: read from --certfile, "
        "for a file holding both)",
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (off by default: the reverse proxy logs requests, and client "
        "addresses are personal data best kept in one place)",
    )
    serve.add_argument(
        "--password-grant",
        action="store_true",
        help="also accept the OAuth password grant (an app sending the user's password), for "
        "tests and automation without a browser; off by default (RFC 9700)",
    )
    job_commands.add_serve_options(serve)
    job_commands.add_job_commands(commands)
    agent_commands.add_agent_commands(commands)
    return parser


class UnusableTls(Exception):
    """The certificate or key given to `serve` cannot be served; the message says why."""


class _EncryptedKey(Exception):
    """Raised by the password callback: the key asks for a passphrase nobody can type."""


def _refuse_passphrase() -> str:
    raise _EncryptedKey


def _readable(path: Path, what: str) -> None:
    try:
        with path.open("rb") as file:
            file.read(1)
    except OSError as error:
        raise UnusableTls(f"cannot read the {what} {path}: {error.strerror}") from None


def checked_tls(certfile: str | None, keyfile: str | None) -> tuple[Path, Path] | None:
    """(certificate file, key file) for `serve`, once they are known to load; None for plain
    HTTP. Checked before uvicorn starts, so a bad pair is one sentence, not a traceback
    from inside the server (or a passphrase prompt nobody sees under a service manager)."""
    if certfile is None:
        if keyfile is not None:
            raise UnusableTls("--keyfile needs --certfile (the certificate it belongs to)")
        return None
    certificate = Path(certfile)
    # Without --keyfile the key is read from the certificate file (one PEM holding both).
    key = Path(keyfile) if keyfile is not None else certificate
    _readable(certificate, "certificate file")
    _readable(key, "key file")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_verify_locations(cafile=certificate)
    except ssl.SSLError:
        raise UnusableTls(f"no PEM certificate in {certificate}") from None
    try:
        context.load_cert_chain(certificate, key, password=_refuse_passphrase)
    except _EncryptedKey:
        raise UnusableTls(
            f"the private key in {key} is encrypted; give it unencrypted, readable only by "
            "the account the service runs as"
        ) from None
    except ssl.SSLError as error:
        if error.reason == "KEY_VALUES_MISMATCH":
            raise UnusableTls(
                f"the private key in {key} does not belong to the certificate in {certificate}"
            ) from None
        if keyfile is None:
            raise UnusableTls(f"no private key in {certificate}; give it with --keyfile") from None
        raise UnusableTls(f"no PEM private key in {key}") from None
    return certificate, key


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        try:
            args.tls = checked_tls(args.certfile, args.keyfile)
        except UnusableTls as problem:
            print(f"privacy-server: {problem}", file=sys.stderr)
            return 2
    settings = Settings.from_environment(args.database_url, args.export_dir)
    if args.command == "migrate":
        upgrade_to_latest(settings.database_url)
        print(f"schema is up to date: {settings.database_url.split('@')[-1]}")
        return 0
    upgrade_to_latest(settings.database_url)
    database = Database(settings.database_url, pool_size=settings.pool_size)
    try:
        if args.command == "create-user":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\r\n")
            else:
                password = getpass.getpass("Password: ")
            try:
                with database.session() as session:
                    user = create_user(
                        session,
                        settings,
                        email=args.email,
                        password=password,
                        username=args.username,
                    )
                    user_id = user.id
            except (AccountExists, ValueError) as error:
                print(f"privacy-server: cannot create the account: {error}", file=sys.stderr)
                return 1
            print(f"created account {user_id}")
            return 0
        if args.command == "seed-demo":
            seed_demo(database, settings, events=args.events)
            print(f"demo account ready: e-mail {DEMO_EMAIL}, password {DEMO_PASSWORD}")
            return 0
        if args.command == "serve":
            worker = (
                job_commands.start_worker_thread(database, settings) if args.with_worker else None
            )
            try:
                _serve(args, settings, database)
            finally:
                if worker is not None:
                    worker[1].set()
                    worker[0].join(timeout=30)
            return 0
        if args.command == "worker":
            return job_commands.run_worker_command(args, database, settings)
        if args.command == "extend-request":
            return job_commands.run_extend_command(args, database, settings)
        if args.command == "agent":
            return agent_commands.run_agent_command(args, database, settings)
    finally:
        database.dispose()
    return 2


def _serve(args: argparse.Namespace, settings: Settings, database: Database) -> None:
    """One process serving, or uvicorn's supervisor with `--workers` processes."""
    import uvicorn

    from server.app import create_app
    from server.embedded import tls_options

    _allow_many_connections()
    if args.password_grant:
        settings = dataclasses.replace(settings, password_grant=True)
        os.environ["PRIVACY_SERVER_PASSWORD_GRANT"] = "1"
    # Past the kernel's default of 128, so a burst of connections waits in our queue (and
    # is answered, if need be, with 503) instead of being dropped before it is accepted.
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "backlog": 4096,
        "access_log": args.access_log,
        **tls_options(args.tls),
    }
    if args.workers == 1:
        uvicorn.run(create_app(settings, database), **options)
        return
    # Each process builds its own app (and pool) from the environment; the settings given on
    # the command line reach them that way.
    os.environ["PRIVACY_SERVER_DATABASE_URL"] = settings.database_url
    os.environ["PRIVACY_SERVER_EXPORT_DIR"] = str(settings.export_dir)
    uvicorn.run("server.app:create_app", factory=True, workers=args.workers, **options)


def _allow_many_connections() -> None:
    """Raise the open-file limit to its maximum: each client connection is a descriptor."""
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


if __name__ == "__main__":
    sys.exit(main())
