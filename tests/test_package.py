"""The wheel: built from the sources, installed into a fresh virtual environment, it builds a site
from a directory outside the checkout (templates, assets and layouts come from the installed package).

Offline: the wheel is built with this environment's setuptools (``--no-build-isolation``) and
installed with ``--no-deps``; the new environment reaches the dependencies (Jinja, openpyxl,
Pagefind, …) already installed here through a ``.pth`` file, not the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
SOURCES = ("pyproject.toml", "setup.py", "README.md", "generator", "site_templates")


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nothing but the installed package
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # a copy of the sources, so that the build leaves nothing (build/, *.egg-info) in the checkout
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    result = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, source, cwd=source
    )
    assert "SetuptoolsDeprecationWarning" not in result.stdout + result.stderr
    (built,) = dist.glob("gongkai-*.whl")
    return built


def test_the_wheel_holds_templates_assets_and_layouts(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "site_templates").rglob("*"):
        if template.is_file():
            assert f"generator/site_templates/{template.relative_to(ROOT / 'site_templates').as_posix()}" in names
    for layout in (ROOT / "generator" / "layouts").rglob("*.yml"):
        assert f"generator/{layout.relative_to(ROOT / 'generator').as_posix()}" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT" in zipfile.ZipFile(wheel).read(metadata).decode()


def test_an_installed_wheel_builds_a_site_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    purelib = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).stdout.strip()
    )
    # the dependencies installed here, reachable without the network (this checkout's own
    # editable install is not: .pth files of an added path are not read)
    here = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (purelib / "gongkai-test-deps.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)

    elsewhere = tmp_path / "work"
    shutil.copytree(FIXTURE, elsewhere / "content")
    where = _run(python, "-c", "import generator; print(generator.__file__)", cwd=elsewhere).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the installed package, not the checkout
    result = _run(venv / "bin" / "gongkai", "build", "content", "--output", "site", "--no-pdf", cwd=elsewhere)
    assert "完成" in result.stdout
    site = elsewhere / "site"
    toc = (site / "2025" / "ceshi-sifaju" / "index.html").read_text(encoding="utf-8")
    assert "测试" in toc and 'href="../../assets/site.css"' in toc
    assert (site / "assets" / "site.css").read_bytes() == (ROOT / "site_templates" / "assets" / "site.css").read_bytes()
    assert list((site / "2025" / "ceshi-sifaju" / "data").glob("*.csv"))
    assert (site / "pagefind").is_dir()
