"""The wheel carries the core ontology, shapes and query library: installed outside the
repository, `claimgraph init` makes a study and `queries` and `validate` work in it.

Builds the wheel with the running interpreter's setuptools (no build isolation, so no
network) and installs it, without its dependencies, into a fresh virtual environment that
sees this one's packages. About 25-40 s on two cores: it runs with the rest of the suite.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _build_tools_missing() -> str | None:
    """What the build without isolation needs and this environment lacks, if anything."""
    try:
        setuptools = int(metadata.version("setuptools").split(".")[0])
    except metadata.PackageNotFoundError:
        setuptools = 0
    missing = [] if setuptools >= 77 else ["setuptools>=77"]
    if importlib.util.find_spec("wheel") is None:
        missing.append("wheel")
    return ", ".join(missing) or None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = _build_tools_missing()
    if missing:
        pytest.fail(
            f"building the wheel offline needs {missing} in this environment: "
            "pip install -e '.[test]' (scripts/setup.sh does)"
        )
    out = tmp_path_factory.mktemp("wheel")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ROOT),
        ],
        cwd=out,
    )
    (found,) = out.glob("claimgraph-*.whl")
    return found


def test_wheel_ships_the_core_ontology_shapes_and_queries(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in ("ontology", "queries"):
        shipped = {
            n.removeprefix(f"claimgraph/_data/{resource}/")
            for n in names
            if n.startswith(f"claimgraph/_data/{resource}/")
        }
        in_repo = {
            p.relative_to(ROOT / resource).as_posix()
            for p in (ROOT / resource).rglob("*")
            if p.is_file()
            and "tests" not in p.relative_to(ROOT / resource).parts
            and "__pycache__" not in p.parts
        }
        assert shipped == in_repo, resource


@pytest.mark.long(25)
def test_installed_wheel_works_in_a_study_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    # The interpreter running the tests may itself be a virtual environment: the new one
    # sees its packages (the dependencies) through a .pth file, not through the network.
    site = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path
    )
    deps = [p for p in sys.path if p.endswith("site-packages")]
    Path(site.strip(), "outer.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        cwd=tmp_path,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CLAIMGRAPH_HOME")}
    claimgraph = str(venv / "bin" / "claimgraph")
    where = _run(
        [str(python), "-c", "import claimgraph, sys; print(claimgraph.__file__)"], tmp_path, env
    )
    assert str(venv) in where, "the installed wheel, not the checkout, is imported"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    listing = _run([claimgraph, "queries"], outside, env)
    assert "rebutted-claims" in listing
    _run([claimgraph, "init", "my-study"], outside, env)
    study = outside / "my-study"
    assert (study / "ontology" / "shapes" / "claimgraph-shapes.ttl").is_file()
    assert (study / "queries" / "rebutted-claims.rq").is_file()
    deeper = study / "data" / "documents"
    report = _run([claimgraph, "validate"], deeper, env)
    assert "conforms" in report
    assert "rebutted-claims" in _run([claimgraph, "queries"], deeper, env)
