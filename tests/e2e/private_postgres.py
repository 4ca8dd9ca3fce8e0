"""A PostgreSQL cluster of the run's own (initdb + pg_ctl on a free port in a temp dir), free to be restarted.

The shared server at 127.0.0.1:5432 serves every other test and is never stopped; a test that restarts its
database starts one of these instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

from tests.waiting import wait_until

SERVER_USER = "postgres"  # PostgreSQL refuses to run as root; as root, the cluster runs as this account


def binaries() -> Path | None:
    """Return the directory holding initdb and pg_ctl (the newest installed version, else PATH), or None."""
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def missing_reason() -> str | None:
    """Return why a private cluster cannot be started here, or None when it can."""
    if binaries() is None:
        return "initdb and pg_ctl were not found (under /usr/lib/postgresql/*/bin or on PATH)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} account for PostgreSQL to run as"
    return None


def _version(directory: str) -> tuple[int, ...]:
    number = Path(directory).parent.name
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivatePostgres:
    """One cluster in `directory`, listening on 127.0.0.1:`port` with trust authentication."""

    def __init__(self, directory: Path, bin_dir: Path) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.log = directory / "server.log"  # written by the server, as its own user
        self.tool_log = directory / "tools.log"
        self.bin_dir = bin_dir
        self.port = _free_port()
        self.user = SERVER_USER if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        """Return the SQLAlchemy URL of its `postgres` database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        # The server inherits the tool's output: a file, never a pipe this process would wait on.
        with self.tool_log.open("a") as log:
            subprocess.run([str(self.bin_dir / command[0]), *command[1:]], check=True, stdout=log, stderr=log,
                           user=self.user, timeout=60)

    def init(self) -> None:
        """Create the cluster's files."""
        if self.user is not None:
            account = pwd.getpwnam(self.user)
            os.chown(self.directory, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        wait_until(self._accepts, "PostgreSQL to accept connections", timeout=30, interval=0.1)

    def _accepts(self) -> bool:
        try:
            psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres").close()
        except psycopg.OperationalError:
            return False
        return True

    def stop(self, *, mode: str = "fast") -> None:
        """Stop the server: `fast` closes sessions cleanly, `immediate` is a crash."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, *, down_for: float) -> None:
        """Crash the server, leave it down for `down_for` seconds, start it again."""
        self.stop(mode="immediate")
        time.sleep(down_for)
        self.start()


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """Run a fresh private cluster until the block ends; call only when missing_reason() is None."""
    bin_dir = binaries()
    assert bin_dir is not None, missing_reason()
    with tempfile.TemporaryDirectory(prefix="problemframe-pg-") as directory:
        cluster = PrivatePostgres(Path(directory), bin_dir)
        cluster.init()
        cluster.start()
        try:
            yield cluster
        finally:
            with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                cluster.stop(mode="immediate")
