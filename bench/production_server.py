"""gunicorn started exactly as the documentation's Production block starts it, for the benchmarks.

The command line (workers, worker class) and the ``export`` of that block are read from
``docs/operations/production.md``, not repeated here: a benchmark measures the documented setup
or nothing (issue 24: the intake benchmark ran 8 workers with persistent connections while the
block said 4 and none).
Only what the block leaves to the site changes: the bind address (a free port on loopback), the
secret key, and the addresses of the database, the broker and the cache (the benchmark's own
throwaway services). The requests then carry what the block's proxy adds (``Host``,
``X-Forwarded-Proto: https``, ``X-Forwarded-For``): see :data:`PROXY_HEADERS`.
"""

import os
import re
import shlex
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Set by the deployment to its own services and secret: the block only shows their shape.
SITE_VALUES = {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}


def production_block() -> tuple[dict[str, str], list[str]]:
    """The block's environment and its gunicorn command line (arguments after the program)."""
    page = (ROOT / "docs" / "operations" / "production.md").read_text()
    block = re.search(r"```sh\n(.*?)```", page, re.S).group(1)
    exports = re.search(r"^export .*?\n(?!\s)", block, re.S | re.M).group(0)
    env = dict(re.findall(r"([A-Z_]+)=(\S+)", exports.replace("\\\n", " ")))
    line = re.search(r"^\S*gunicorn .*$", block, re.M).group(0)
    return env, shlex.split(line, comments=True)[1:]


def host_of(env: dict[str, str]) -> str:
    return env["ALLOWED_HOSTS"].split(",")[0]


def proxy_headers() -> dict[str, str]:
    """What the block's reverse proxy (nginx) adds to every request it passes on."""
    env, _ = production_block()
    return {
        "Host": host_of(env),
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "203.0.113.7",
    }


PROXY_HEADERS = proxy_headers()


def workers() -> int:
    _, args = production_block()
    return int(args[args.index("--workers") + 1])


def start(port: int, log: Path) -> subprocess.Popen:
    """gunicorn as the Production block runs it, bound to 127.0.0.1:``port``; returns once
    ``/healthz`` answers 200."""
    block_env, args = production_block()
    env = dict(os.environ)
    env.update({key: value for key, value in block_env.items() if key not in SITE_VALUES})
    env["SECRET_KEY"] = os.environ.get("SECRET_KEY") or "bench-only-secret-key-" + "x" * 40
    # The block's own defaults, not this shell's (bench.sh exports DEBUG=true for the rest).
    for name in list(env):
        if name.startswith("DATABASE_") and name != "DATABASE_URL":
            del env[name]
    args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - the documentation's own command line
        [str(ROOT / ".venv/bin/gunicorn"), *args, "--error-logfile", str(log)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=PROXY_HEADERS)
    for _ in range(150):
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit(f"gunicorn did not answer on {port}:\n{log.read_text()[-2000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own session: the master and its workers
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
