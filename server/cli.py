"""`privacy-server`: migrate, create-user, seed-demo, serve, worker, extend-request."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from server.accounts import AccountExists, create_user
from server.config import Settings
from server.db.database import Database
from server.db.migrate import upgrade_to_latest
from server.demo import DEFAULT_DEMO_EVENTS, DEMO_EMAIL, DEMO_PASSWORD, seed_demo
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
    job_commands.add_serve_options(serve)
    job_commands.add_job_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_environment(args.database_url, args.export_dir)
    if args.command == "migrate":
        upgrade_to_latest(settings.database_url)
        print(f"schema is up to date: {settings.database_url.split('@')[-1]}")
        return 0
    upgrade_to_latest(settings.database_url)
    database = Database(settings.database_url)
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
            import uvicorn

            from server.app import create_app

            worker = (
                job_commands.start_worker_thread(database, settings) if args.with_worker else None
            )
            try:
                uvicorn.run(create_app(settings, database), host=args.host, port=args.port)
            finally:
                if worker is not None:
                    worker[1].set()
                    worker[0].join(timeout=30)
            return 0
        if args.command == "worker":
            return job_commands.run_worker_command(args, database, settings)
        if args.command == "extend-request":
            return job_commands.run_extend_command(args, database, settings)
    finally:
        database.dispose()
    return 2


if __name__ == "__main__":
    sys.exit(main())
