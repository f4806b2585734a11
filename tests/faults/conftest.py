"""Stopping and starting the real services that scripts/test.sh started, by PID (exported by
scripts/services.sh). Every helper waits with a deadline, so a fault test ends in bounded time;
and every test puts the service back, passed or not."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest


def _require(*names):
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        pytest.skip(f"started by scripts/test.sh only: {', '.join(missing)} not set")


def wait_for(predicate, *, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Redis:
    def __init__(self):
        self.port = int(os.environ["REDIS_PORT"])
        self.pid_file = Path(os.environ["REDIS_PID_FILE"])
        self.dir = Path(os.environ["SERVICES_DIR"])

    def stop(self):
        pid = int(self.pid_file.read_text().strip())
        os.kill(pid, signal.SIGTERM)
        wait_for(lambda: not port_open(self.port), timeout=20, what="Redis stops")

    def start(self):
        if port_open(self.port):
            return
        # The same command as scripts/services.sh, so that its EXIT trap stops this one too.
        subprocess.run(  # noqa: S603 - a fixed command line
            [  # noqa: S607 - redis-server from PATH, as scripts/services.sh runs it
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--daemonize", "yes",
                "--pidfile", str(self.pid_file),
                "--dir", str(self.dir),
                "--save", "",
                "--appendonly", "no",
                "--logfile", str(self.dir / "redis.log"),
            ],
            check=True,
            timeout=20,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), timeout=20, what="Redis starts")


class Postgres:
    def __init__(self):
        self.bin = Path(os.environ["PG_BIN"])
        self.data = os.environ["PG_DATA"]
        self.port = int(os.environ["PG_PORT"])

    def _pg_ctl(self, *args, timeout=90):
        log = str(Path(self.data).parent / "server.log")
        command = [str(self.bin / "pg_ctl"), "-D", self.data, "-l", log, *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        # No pipes: the server pg_ctl starts would hold them open and the call would never end.
        return subprocess.run(  # noqa: S603 - a fixed command line
            command,
            check=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def restart(self):
        # -m fast: connections in flight are cut, as when the server restarts under load.
        self._pg_ctl("-m", "fast", "-w", "-t", "60", "restart")
        wait_for(lambda: port_open(self.port), timeout=30, what="PostgreSQL accepts connections")


@pytest.fixture
def redis_service():
    _require("REDIS_PORT", "REDIS_PID_FILE", "SERVICES_DIR")
    redis = Redis()
    yield redis
    redis.start()


@pytest.fixture
def postgres_service():
    _require("PG_BIN", "PG_DATA", "PG_PORT")
    postgres = Postgres()
    yield postgres
    wait_for(lambda: port_open(postgres.port), timeout=60, what="PostgreSQL back")
    # Connections opened before the restart are dead: the test database's teardown reconnects.
    from django.db import connections

    for connection in connections.all():
        connection.close()


@pytest.fixture
def worker_pid() -> int:
    _require("WORKER_PID_FILE")
    return int(Path(os.environ["WORKER_PID_FILE"]).read_text().strip())


def pool_processes(worker_pid: int) -> list[int]:
    """The worker's pool processes: the children of its main process."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == worker_pid:
            children.append(int(stat.parent.name))
    return children


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child of the shell that started it stays a zombie until reaped: dead all the same.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Worker:
    """The suite's Celery worker (scripts/services.sh start_worker): killed whole and started
    again the same way, its PID kept in WORKER_PID_FILE so that the script's EXIT trap stops
    the one running at the end."""

    def __init__(self):
        self.pid_file = Path(os.environ["WORKER_PID_FILE"])
        self.log = Path(os.environ["CELERY_WORKER_LOG"])

    @property
    def pid(self) -> int:
        return int(self.pid_file.read_text().strip())

    def kill(self) -> list[int]:
        """SIGKILL the main process and its pool processes at once, as a machine's OOM killer
        or a lost container does: nobody is left to report the task's failure."""
        main = self.pid
        killed = [main, *pool_processes(main)]
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not any(alive(pid) for pid in killed), timeout=20, what="worker dead")
        return killed

    def start(self) -> int:
        from django.db import connection

        if alive(self.pid):
            return self.pid
        readies = self.log.read_text(errors="replace").count(" ready.")
        database = connection.settings_dict
        environment = dict(
            os.environ,
            DATABASE_URL=(
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
        )
        command = [
            str(Path(".venv/bin/celery").absolute()),
            *("-A", "onestop", "worker", "--loglevel=INFO", "--concurrency=2"),
            *("--hostname", "onestop-test@%h"),
        ]
        with self.log.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - the command line of start_worker
                command,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{process.pid}\n")
        wait_for(
            lambda: self.log.read_text(errors="replace").count(" ready.") > readies,
            timeout=90,
            what="the restarted worker ready",
            every=0.5,
        )
        return process.pid


@pytest.fixture
def worker():
    """The real worker, to kill whole; started again after the test, passed or not."""
    _require("WORKER_PID_FILE", "CELERY_WORKER_LOG")
    worker = Worker()
    yield worker
    worker.start()
