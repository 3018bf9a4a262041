"""A throwaway `redis-server` for tests and benchmarks: a free port on 127.0.0.1, no persistence
unless `appendonly`.

`with RedisServer(tmp_dir) as server: server.url`. The real server (Debian's redis-server, which
`make test` installs when missing), not a fake: Lua scripts, TIME and MULTI behave as in a cluster.
`stop()` is a SIGKILL; `start()` again brings it back on the same port, with its data when it
has an append-only file, empty otherwise (tests/cluster/test_redis_loss.py).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

from redis import Redis, RedisError


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, workdir: Path, *, appendonly: bool = False) -> None:
        self.workdir = workdir
        self.appendonly = appendonly
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> Redis:
        return Redis.from_url(self.url)

    def start(self, timeout: float = 10.0) -> str:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server not found: `make test` installs it (apt redis-server)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        log = self.workdir / "redis.log"
        args = [
            "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "yes" if self.appendonly else "no",
            "--dir", str(self.workdir), "--logfile", str(log),
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            [binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = self.client()
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    if client.ping():
                        return self.url
                except RedisError:
                    if self.proc.poll() is not None or time.monotonic() > deadline:
                        text = log.read_text() if log.exists() else ""
                        self.stop()
                        raise RuntimeError(f"redis-server did not start:\n{text}") from None
                    time.sleep(0.02)
        finally:
            client.close()

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait(10)
        self.proc = None

    def used_memory(self) -> int:
        """Bytes Redis holds for data and overhead (INFO memory: used_memory)."""
        client = self.client()
        try:
            return int(client.info("memory")["used_memory"])
        finally:
            client.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
