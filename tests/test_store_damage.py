"""A damaged, interrupted or full store never blocks a command nor hides the real error.

- a store whose database files are deleted, truncated or corrupt: query, stats and
  validate warn in one line and answer from the source files (exit 0); build builds the
  store again and says so;
- a build killed with SIGKILL: its writer process ends and its half-written store folder
  is removed (no process, no orphan);
- two builds at once: the lock makes them take turns, both succeed;
- a full disk: the message is the operating system's "No space left on device".
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimgraph.corpus.store import StoreFolder

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = Path(__file__).parent / "data" / "store-freshness"
CLAIMGRAPH = (sys.executable, "-m", "claimgraph")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def claimgraph(
    *args: str, cwd: Path, store: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    if store is not None:
        env["CLAIMGRAPH_STORE"] = str(store)
    return subprocess.run(
        [sys.executable, "-m", "claimgraph", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def study(tmp_path: Path) -> Path:
    shutil.copytree(LAYOUTS, tmp_path / "data")
    return tmp_path


def live_database(store: Path) -> Path:
    current = StoreFolder(store).current()
    assert current is not None
    return current / "oxigraph"


def delete_a_table(database: Path) -> None:
    sorted(database.glob("*.sst"))[-1].unlink()


def truncate_a_table(database: Path) -> None:
    sorted(database.glob("*.sst"))[-1].write_bytes(b"")


def flip_bytes_in_every_table(database: Path) -> None:
    for table in database.glob("*.sst"):
        data = bytearray(table.read_bytes())
        for index in range(0, len(data) - 64, 61):
            data[index] ^= 0xFF
        table.write_bytes(bytes(data))


def delete_the_database_current_file(database: Path) -> None:
    (database / "CURRENT").unlink()


def delete_the_database(database: Path) -> None:
    shutil.rmtree(database)


def garble_the_manifest(database: Path) -> None:
    (database.parent / "manifest.json").write_text("{ not json")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "table-deleted": delete_a_table,
    "table-truncated": truncate_a_table,
    "tables-corrupt": flip_bytes_in_every_table,
    "database-current-deleted": delete_the_database_current_file,
    "database-deleted": delete_the_database,
    "manifest-garbled": garble_the_manifest,
}


def query_count(study: Path) -> subprocess.CompletedProcess[str]:
    return claimgraph("query", "-q", COUNT, "--data", "data", "-f", "csv", cwd=study)


@pytest.fixture(scope="module")
def expected_count(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What the query answers from an intact store of the layouts (made once a worker)."""
    study = tmp_path_factory.mktemp("intact")
    shutil.copytree(LAYOUTS, study / "data")
    built = claimgraph("build", "--data", "data", "--quiet", cwd=study)
    assert built.returncode == 0, built.stderr
    expected = query_count(study)
    assert expected.returncode == 0 and expected.stderr == "", expected.stderr
    return expected.stdout


# One case a kind of damage, so that the workers share them out (in one test they were the
# longest test of the suite). As when the kinds ran in turn on one store, each kind after the
# first damages the store that the build after the previous kind's damage made.
KINDS = sorted(DAMAGE)


@pytest.mark.long(30)
@pytest.mark.parametrize("damage", KINDS)
def test_a_damaged_store_is_reported_and_the_files_answer(
    damage: str, study: Path, expected_count: str
) -> None:
    store = study / ".claimgraph"
    built = claimgraph("build", "--data", "data", "--quiet", cwd=study)
    assert built.returncode == 0, built.stderr
    index = KINDS.index(damage)
    if index:
        # The previous kind's damage, repaired by a build (checked in the previous case).
        DAMAGE[KINDS[index - 1]](live_database(store))
        repaired = claimgraph("build", "--data", "data", "--quiet", cwd=study)
        assert repaired.returncode == 0, repaired.stderr
    DAMAGE[damage](live_database(store))
    for args in (
        ("query", "-q", COUNT, "--data", "data", "-f", "csv"),
        ("stats", "--data", "data"),
        ("validate", "--data", "data"),
    ):
        done = claimgraph(*args, cwd=study)
        assert done.returncode == 0, (damage, args, done.stderr)
        lines = done.stderr.splitlines()
        assert len(lines) == 1, (damage, args, done.stderr)
        assert lines[0].startswith(f"warning: the store {store.name} is damaged: "), lines
        assert "answering from the source files" in lines[0]
        assert "'claimgraph build --clean'" in lines[0]
        assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
        if args[0] == "query":
            assert done.stdout == expected_count, damage

    rebuilt = claimgraph("build", "--data", "data", cwd=study)
    assert rebuilt.returncode == 0, (damage, rebuilt.stderr)
    assert "note: the store was damaged" in rebuilt.stderr, damage
    after = query_count(study)
    assert after.returncode == 0 and after.stderr == "", (damage, after.stderr)
    assert after.stdout == expected_count, damage
    # The damaged store is not kept beside the new one.
    assert [p.name for p in store.glob("store-*")] == [live_database(store).parent.name]


@pytest.mark.long(15)
def test_build_clean_repairs_a_damaged_store(study: Path) -> None:
    store = study / ".claimgraph"
    assert claimgraph("build", "--data", "data", "--quiet", cwd=study).returncode == 0
    flip_bytes_in_every_table(live_database(store))
    rebuilt = claimgraph("build", "--clean", "--data", "data", cwd=study)
    assert rebuilt.returncode == 0, rebuilt.stderr
    validated = claimgraph("validate", "--data", "data", cwd=study)
    assert validated.returncode == 0 and validated.stderr == "", validated.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus big enough that its full build takes a few seconds."""
    folder = tmp_path_factory.mktemp("generated") / "corpus"
    done = claimgraph(
        "generate", "--size", "100k", "--seed", "3", "-o", str(folder), "--quiet", cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return folder


def writer_processes(store: Path) -> list[int]:
    """Processes whose command line is the store writer of a build into ``store``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        joined = b" ".join(command)
        if b"write_disk_store_main" in joined and str(store).encode() in joined:
            found.append(int(entry.name))
    return found


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.long(20)
def test_a_killed_build_leaves_no_writer_and_no_orphan_store(
    generated: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    build = subprocess.Popen(
        [*CLAIMGRAPH, "build", "--data", str(generated), "--store", str(store), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: bool(writer_processes(store)), 120), "no writer started"
        assert wait_until(lambda: any(store.glob("store-*/oxigraph/*")), 60)
        writers = writer_processes(store)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    assert writers
    assert wait_until(lambda: not writer_processes(store), 30), "the writer kept running"
    assert wait_until(lambda: not any(store.glob("store-*")), 30), list(store.iterdir())
    assert StoreFolder(store).current() is None
    # The next build is an ordinary full build.
    done = claimgraph("build", "--data", str(generated), "--store", str(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "built from" in done.stderr and "damaged" not in done.stderr


@pytest.mark.long(15)
def test_two_builds_at_once_take_turns(study: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, "-m", "claimgraph", "build", "--data", "data"]
    builds = [
        subprocess.Popen(command, cwd=study, env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [b.communicate(timeout=300)[1] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    # One built the store, the other then found it up to date (or, had it started after
    # the first finished, the same).
    assert sum("built from" in o for o in outputs) == 1, outputs
    assert sum("up to date" in o for o in outputs) == 1, outputs
    store = study / ".claimgraph"
    assert len(list(store.glob("store-*"))) == 1
    done = claimgraph("query", "-q", COUNT, "--data", "data", "-f", "csv", cwd=study)
    assert done.returncode == 0 and done.stderr == ""
    parsed = claimgraph(
        "query", "-q", COUNT, "--data", "data", "-f", "csv", cwd=study, store=Path("none")
    )
    assert done.stdout == parsed.stdout


def test_a_full_disk_says_no_space_left_on_device(generated: Path, tmp_path: Path) -> None:
    small = tmp_path / "small-disk"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        done = claimgraph(
            "build", "--data", str(generated), "--store", str(small / "store"), cwd=tmp_path
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert "No space left on device" in lines[0], lines[0]
        assert "unexpected" not in lines[0] and "closed file" not in lines[0]
        assert not writer_processes(small / "store")
    finally:
        subprocess.run(["umount", str(small)], check=False)
