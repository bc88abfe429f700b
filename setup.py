"""Build hook: ship the core ontology and the query library inside the wheel.

``ontology/`` and ``queries/`` stay at the top of the repository (the project's layout);
the build copies them into ``claimgraph/_data/``, where
:func:`claimgraph.corpus.files.core_resource` finds them in an installed wheel. A source
checkout or an editable install reads the top-level folders directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
RESOURCES = ("ontology", "queries")
# An extension's tests are code run by pytest in the repository, not data.
LEFT_OUT = shutil.ignore_patterns("tests", "__pycache__", "*.pyc", ".*")


class BuildWithCoreResources(build_py):
    """``build_py`` that also copies the core resources into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "claimgraph" / "_data"
        for name in RESOURCES:
            source = HERE / name
            if not source.is_dir():
                # Building from an sdist made without them: fail loudly, never ship a
                # package that cannot find its ontology.
                raise FileNotFoundError(f"{source}: the core resources are missing")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(source, target / name, ignore=LEFT_OUT)


setup(cmdclass={"build_py": BuildWithCoreResources})
