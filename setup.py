"""Everything is declared in pyproject.toml; this only ships the top-level ``site_templates/``
inside the package (as ``generator/site_templates``), so that an installed Gongkai finds its
templates and assets through ``importlib.resources`` (``generator/render/environment.py``)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "site_templates"
        target = Path(self.build_lib) / "generator" / "site_templates"
        shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithTemplates})
