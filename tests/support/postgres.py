"""A throwaway PostgreSQL server for one test session, and databases cut from a template.

The service promises to run on PostgreSQL, so its tests run there too. Rather than asking
every machine (and CI) to run a shared server, the session starts its own: `initdb` into a
temporary directory, `pg_ctl start` on a free loopback port with the Unix socket kept in
that directory, trust authentication (nothing but loopback can reach it), durability
switched off because the data lives for minutes. At the end the server stops and the
directory goes.

When `PRIVACY_TEST_POSTGRES_URL` is already set (a server someone else runs, with a role
that may create databases) that server is used instead and nothing is started.

Every test gets its own database, `CREATE DATABASE ... TEMPLATE`, a file copy of a migrated
and seeded template: a few milliseconds instead of running the migrations again.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ENVIRONMENT_URL = "PRIVACY_TEST_POSTGRES_URL"
BINARIES_ENVIRONMENT = "PRIVACY_TEST_POSTGRES_BINDIR"
SYSTEM_USER = "postgres"
DRIVER = "postgresql+psycopg"

# Settings for a server whose data is thrown away: no fsync, no full-page writes.
_THROWAWAY_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "32MB",
}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL to test against; the message says what to install or set."""


def find_binaries() -> Path:
    """The directory holding `initdb`, `pg_ctl` and `postgres`.

    Debian keeps them out of PATH, under /usr/lib/postgresql/<major>/bin; the newest wins.
    """
    candidates: list[Path] = []
    if configured := os.environ.get(BINARIES_ENVIRONMENT):
        candidates.append(Path(configured))
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: int(Path(path).parent.name) if Path(path).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(Path(path) for path in debian)
    if on_path := shutil.which("initdb"):
        candidates.append(Path(on_path).parent)
    for directory in candidates:
        if all((directory / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return directory
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found in "
        "/usr/lib/postgresql/*/bin or on PATH. Install them (Debian: apt-get install "
        f"postgresql), point {BINARIES_ENVIRONMENT} at their directory, or set "
        f"{ENVIRONMENT_URL} to a server URL whose role may create databases."
    )


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user(command: Sequence[str]) -> list[str]:
    """initdb refuses to run as root: as root, run the server tools as `postgres`."""
    if os.geteuid() != 0:
        return list(command)
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError as missing:
        raise PostgresUnavailable(
            f"Running as root, but there is no '{SYSTEM_USER}' system user to run "
            "PostgreSQL as (Debian's postgresql package creates it)."
        ) from missing
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", SYSTEM_USER, "--", *command]
    if setpriv := shutil.which("setpriv"):
        entry = pwd.getpwnam(SYSTEM_USER)
        return [
            setpriv,
            f"--reuid={entry.pw_uid}",
            f"--regid={entry.pw_gid}",
            "--init-groups",
            *command,
        ]
    raise PostgresUnavailable("Running as root, but neither runuser nor setpriv is available.")


def _run(command: Sequence[str], what: str) -> None:
    finished = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, check=False, timeout=120
    )
    if finished.returncode != 0:
        raise PostgresUnavailable(
            f"{what} failed with status {finished.returncode}:\n{finished.stdout}\n"
            f"{finished.stderr}"
        )


class PostgresServer:
    """A server the tests may create and drop databases on."""

    def __init__(self, admin_url: str) -> None:
        # The URL of a database to connect to for CREATE/DROP DATABASE (never a test one).
        self.admin_url = admin_url
        self._numbers = itertools.count(1)
        self._prefix = f"t{os.getpid()}_"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one database on this server."""
        rendered: str = (
            make_url(self.admin_url)
            .set(drivername=DRIVER, database=database)
            .render_as_string(hide_password=False)
        )
        return rendered

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        conninfo = make_url(self.admin_url).set(drivername="postgresql")
        return psycopg.connect(conninfo.render_as_string(hide_password=False), autocommit=True)

    def new_database_name(self, purpose: str = "db") -> str:
        return f"{self._prefix}{purpose}_{next(self._numbers)}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            # FILE_COPY: a plain copy of the template's files, the fast way for small ones.
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        with self._admin() as connection:
            connection.execute(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop it even if a test left connections open (WITH FORCE ends them)."""
        with self._admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


_CLUSTER_PREFIX = "privacy-pg-"
_OWNER_FILE = "owner.pid"


def _process_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_orphaned_clusters(binaries: Path) -> None:
    """Stop clusters whose test session died without cleaning up (killed, out of memory).

    Each cluster directory names the process that started it; a server whose owner is gone
    would otherwise run until the machine reboots.
    """
    for directory in Path(tempfile.gettempdir()).glob(f"{_CLUSTER_PREFIX}*"):
        try:
            owner = int((directory / _OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue
        if owner == os.getpid() or _process_is_alive(owner):
            continue
        if (directory / "data" / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable, subprocess.TimeoutExpired):
                _run(
                    [
                        str(binaries / "pg_ctl"),
                        "--pgdata",
                        str(directory / "data"),
                        "--mode",
                        "immediate",
                        "--wait",
                        "stop",
                    ],
                    "pg_ctl stop (orphaned cluster)",
                )
        shutil.rmtree(directory, ignore_errors=True)


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary directory, owned by the server's system user."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.directory = Path(tempfile.mkdtemp(prefix=_CLUSTER_PREFIX))
        (self.directory / _OWNER_FILE).write_text(f"{os.getpid()}\n")
        self.data = self.directory / "data"
        self.sockets = self.directory / "sockets"
        self.log = self.directory / "server.log"
        self.port = 0

    def start(self) -> PostgresServer:
        self.sockets.mkdir()
        if os.geteuid() == 0:
            entry = pwd.getpwnam(SYSTEM_USER)
            for path in (self.directory, self.sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        _run(
            [
                str(self.binaries / "initdb"),
                "--pgdata",
                str(self.data),
                "--username",
                "postgres",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ],
            "initdb",
        )
        for attempt in range(3):
            self.port = _free_loopback_port()
            options = " ".join(f"-c {key}={value}" for key, value in _THROWAWAY_SETTINGS.items())
            try:
                _run(
                    [
                        str(self.binaries / "pg_ctl"),
                        "--pgdata",
                        str(self.data),
                        "--log",
                        str(self.log),
                        "--wait",
                        "--timeout",
                        "60",
                        "-o",
                        f"-p {self.port} -k {self.sockets} {options}",
                        "start",
                    ],
                    "pg_ctl start",
                )
                break
            except PostgresUnavailable:
                # Most likely someone took the port between probing and binding it.
                if attempt == 2:
                    raise PostgresUnavailable(
                        "PostgreSQL did not start; its log says:\n" + self._log_tail()
                    ) from None
        server = PostgresServer(f"{DRIVER}://postgres@127.0.0.1:{self.port}/postgres")
        _wait_until_accepting(server)
        return server

    def _log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace")[-2000:]
        return "(no log)"

    def stop(self) -> None:
        if self.port:
            with contextlib.suppress(PostgresUnavailable, subprocess.TimeoutExpired):
                _run(
                    [
                        str(self.binaries / "pg_ctl"),
                        "--pgdata",
                        str(self.data),
                        "--mode",
                        "immediate",
                        "--wait",
                        "stop",
                    ],
                    "pg_ctl stop",
                )
        shutil.rmtree(self.directory, ignore_errors=True)


def _wait_until_accepting(server: PostgresServer, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with server._admin() as connection:
                connection.execute("SELECT 1")
            return
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                raise PostgresUnavailable(f"PostgreSQL is not answering: {error}") from error
            time.sleep(0.05)


class SessionPostgres:
    """The session's server: the one in the environment, or a throwaway cluster we start."""

    def __init__(self) -> None:
        self._cluster: ThrowawayCluster | None = None
        self.server: PostgresServer | None = None

    def start(self) -> PostgresServer:
        external = os.environ.get(ENVIRONMENT_URL)
        if external:
            self.server = PostgresServer(external)
            _wait_until_accepting(self.server, timeout=10.0)
            return self.server
        binaries = find_binaries()
        stop_orphaned_clusters(binaries)
        self._cluster = ThrowawayCluster(binaries)
        try:
            self.server = self._cluster.start()
        except BaseException:
            self._cluster.stop()
            self._cluster = None
            raise
        return self.server

    def stop(self) -> None:
        if self._cluster is not None:
            self._cluster.stop()
            self._cluster = None
