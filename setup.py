"""Packaging hook: copy the starter project (see generator/cli/starterfiles.py) into the wheel.

All metadata is in pyproject.toml; this only adds ``generator/_starter/`` to the built package,
made from the repository's own content/, mkdocs.yml, sample profiles and Pages workflow.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _manifest():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location(
        "_starterfiles", HERE / "generator" / "cli" / "starterfiles.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithStarter(build_py):
    def run(self) -> None:
        super().run()
        manifest = _manifest()
        target = Path(self.build_lib) / "generator" / manifest.STARTER_DIR
        if target.exists():
            shutil.rmtree(target)
        files = manifest.starter_files(HERE)
        if "content/rules.yml" not in files:
            raise SystemExit(f"img-guide packaging: no starter content found under {HERE}")
        for rel in files:
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / rel, dest)


setup(cmdclass={"build_py": BuildWithStarter})
