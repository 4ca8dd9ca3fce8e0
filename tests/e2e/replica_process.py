"""One `problemframe serve` replica in its own process: started, killed with SIGKILL, started again on its port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.e2e.github_support import BOT_TOKEN
from tests.waiting import answers, wait_until
from tests.webhooks.helpers import SECRET


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def replica_env(database_url: str, github_url: str, *, lease: float) -> dict[str, str]:
    """Return a replica's environment: the database, the fake GitHub, short leases, JSON logs, no scheduler."""
    return {
        **os.environ, "PROBLEMFRAME_DATABASE_URL": database_url, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET,
        "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN, "PROBLEMFRAME_GITHUB_API_URL": github_url,
        "PROBLEMFRAME_WRITE_INTERVAL": "0", "PROBLEMFRAME_WORKER_POLL_SECONDS": "0.05",
        "PROBLEMFRAME_WORKER_LEASE_SECONDS": str(lease), "PROBLEMFRAME_WORKER_HEARTBEAT_SECONDS": str(lease / 6),
        "PROBLEMFRAME_LOG_FORMAT": "json", "PROBLEMFRAME_SCHEDULER": "off",
    }


class Replica:
    """A `serve` process on a fixed port; each start appends to the same log file."""

    def __init__(self, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.env = env
        self.workdir = workdir
        self.port = free_port()
        self.log = workdir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return its base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """Return the pid of the running process."""
        assert self.process is not None
        return self.process.pid

    def start(self, *, timeout: float = 60.0) -> None:
        """Start the process and wait until it answers /readyz."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        command = [str(Path(sys.executable).with_name("problemframe")), "serve", "--port", str(self.port)]
        # Logs go to a file: a full pipe nobody reads would stop a replica mid-write.
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=self.workdir, stdout=log, stderr=log)
        process = self.process

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"replica {self.name} exited with {process.returncode}: see {self.log}")
            return answers(f"{self.url}/readyz")

        wait_until(ready, f"replica {self.name} to be ready", timeout=timeout, interval=0.1)

    def kill(self) -> None:
        """Kill the process with SIGKILL, as the kernel or a node failure would."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """Stop the process with SIGTERM, as a rollout would; SIGKILL after 20 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_text(self) -> str:
        """Return everything the replica wrote to its log, over all its starts."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""
