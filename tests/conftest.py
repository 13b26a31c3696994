"""Shared fixtures: real SQLite files in temp folders, the example corpus, the seeds (when present)."""
from __future__ import annotations

import getpass
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.ingest import iter_inputs
from storyline.present.export import export_corpus
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"


def pytest_configure(config):
    # one terminal width for every run, before the CLI's console is made: a worker process of
    # ``pytest -n`` has no terminal and would read 80 columns, cutting a table's cells
    os.environ.setdefault("COLUMNS", "200")
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SCORE = SHARED / "eval" / "score.py"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not SCORE.is_file():
        pytest.skip(f"seed articles not found at {SEEDS} (the quality gate needs ../shared beside the repo)")
    return SEEDS


def run_cli(*args: str, db: str, stdin: bytes | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real `storyline` console entry point in a subprocess."""
    env = dict(os.environ, STORYLINE_DB=db)
    proc = subprocess.run([sys.executable, "-m", "storyline.present.cli", *args], input=stdin,
                          capture_output=True, env=env, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"storyline {' '.join(args)} exited {proc.returncode}:\n{proc.stderr.decode()}")
    return proc


@pytest.fixture(scope="session")
def example_store(tmp_path_factory):
    """The bundled example corpus ingested once (real models, real SQLite file) for read-only tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('example') / 'example.db'}"
    store = Store(url)
    summary = pipeline.ingest(iter_inputs([str(EXAMPLES)], 10**7), store)
    assert summary.ok and summary.ingested == 6
    return store


@pytest.fixture(scope="session")
def example_export(example_store):
    return export_corpus(example_store)


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory):
    """The seed articles ingested once (skipped when ../shared/seeds is absent)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}")
    assert pipeline.ingest(iter_inputs([str(SEEDS)], 10**7), store).ok
    return store


HOSTILE = ("Tanker owner <script>alert('x')</script> blamed\n\n"
           "The owner of the tanker <b>Corran Bay</b> said on Tuesday that the grounding was an accident, "
           "the coast guard said. <img src=x onerror=alert(1)> \"We <i>regret</i> it,\" said Ana Kovac.\n\n"
           "Rescuers said 23 crew members were safe after the ship hit the reef near Port Avera.\n")


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A real PostgreSQL server in a temp directory (initdb + pg_ctl), stopped after the session.

    Skipped with the reason when the Debian postgresql binaries are missing (`.ci/run` installs them)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql); PostgreSQL tests skipped")
    # not under pytest's private (0700, root-owned) temp tree: the server user must reach it
    base = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    run_as: list[str] = []
    user = getpass.getuser()
    if os.geteuid() == 0:  # initdb refuses to run as root: use the postgres system user
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser; cannot start PostgreSQL")
        run_as = ["runuser", "-u", "postgres", "--"]
        user = "postgres"
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(run_as + [initdb, "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8"], check=True,
                   capture_output=True)
    subprocess.run(run_as + [pg_ctl, "-D", str(data), "-l", str(base / "log"), "-w", "-o",
                             f"-p {port} -k {sock} -c listen_addresses=''", "start"], check=True, capture_output=True)
    createdb = _pg_bin("createdb")
    counter = iter(range(10_000))

    def new_db() -> str:
        name = f"t{next(counter)}"
        subprocess.run(run_as + [createdb, "-h", str(sock), "-p", str(port), "-U", user, name], check=True,
                       capture_output=True)
        return f"postgresql+psycopg://{user}@/{name}?host={sock}&port={port}"

    yield new_db
    subprocess.run(run_as + [pg_ctl, "-D", str(data), "-m", "fast", "stop"], capture_output=True)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request, tmp_path):
    """The store suite runs on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'any.db'}"
    return request.getfixturevalue("postgres_url")()


#: The write token the servers started by ``serve`` require (``Authorization: Bearer SERVE_TOKEN``).
SERVE_TOKEN = "test-write-token"


def serve(db_url: str):
    """Start a real `storyline serve` on a free loopback port; returns (process, base URL) once it answers.
    POSTs need ``Authorization: Bearer SERVE_TOKEN``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "storyline.present.cli", "serve", "--port", str(port),
                             "--db", db_url], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ, STORYLINE_TOKEN=SERVE_TOKEN))
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/api/stories", timeout=1)
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode()[-2000:]) from None
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("storyline serve did not answer within 60 s")


def wait_until_serving(base: str, seconds: float = 60.0) -> None:
    """Block until a ``serve`` started in a subprocess answers at ``base`` (it loads the models first)."""
    import httpx  # noqa: PLC0415 - only the server tests need it

    deadline = time.monotonic() + seconds
    while True:
        try:
            httpx.get(base + "/api/stories", timeout=1)
            return
        except httpx.TransportError:
            assert time.monotonic() < deadline, f"nothing answered at {base} within {seconds:.0f} s"
            time.sleep(0.1)
