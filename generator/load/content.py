"""Find the site file and the disclosure folders under a content directory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Location, Reporter, relative_path
from generator.load.located_yaml import YamlError, load_file
from generator.load.source import SourceError, explain, within

SITE_FILE = "site.yml"
DISCLOSURE_FILE = "disclosure.yml"


@dataclass
class RawDisclosure:
    directory: Path
    data: Any
    display_path: str


@dataclass
class RawContent:
    root: Path
    site: Any = None
    site_path: str = SITE_FILE
    disclosures: list[RawDisclosure] = field(default_factory=list)


def display(path: Path, root: Path, *, resolved: bool = False) -> str:
    return relative_path(path, root, resolved=resolved)


def read_yaml(path: Path, root: Path, reporter: Reporter, shown: str | None = None) -> Any:
    """Load one YAML file; on a syntax error report it and return None. ``shown``: its :func:`display`."""
    shown = display(path, root) if shown is None else shown
    try:
        return load_file(path, shown)
    except YamlError as exc:
        reporter.error(exc.location, "GK001", exc.message)
    except SourceError as exc:
        reporter.error(Location(shown, 0, 0), "GK002", str(exc))
    except OSError as exc:
        reporter.error(Location(shown, 0, 0), "GK002", f"无法读取文件：{explain(exc)}")
    return None


def read_content_yaml(path: Path, root: Path, reporter: Reporter) -> Any:
    """:func:`read_yaml` for a file found in the content: it must not lead out of ``root`` by a symlink."""
    if not within(path, root):
        reporter.error(
            Location(display(path, root), 0, 0),
            "GK002",
            "符号链接指向内容目录之外（或循环引用自身）：只读取内容目录里的文件",
        )
        return None
    return read_yaml(path, root, reporter)


def disclosure_files(root: Path) -> list[Path]:
    """Every ``<year>/<slug>/disclosure.yml`` below ``root``, in order."""
    # lexists: a broken or self-referencing symlink is reported, not skipped as if absent
    found = (folder / DISCLOSURE_FILE for folder in sorted(root.glob("*/*/")))
    return [p for p in found if os.path.lexists(p)]


def discover(root: Path, reporter: Reporter, *, read_disclosures: bool = True) -> RawContent:
    """Read ``site.yml`` and every ``<year>/<slug>/disclosure.yml`` below ``root`` (only ``site.yml``
    when not ``read_disclosures``: the caller reads them, ``generator/pipeline.py``'s cache)."""
    content = RawContent(root=root)
    site_file = root / SITE_FILE
    content.site_path = display(site_file, root)
    if not root.is_dir():
        reporter.error(Location(str(root), 0, 0), "GK002", f"内容目录“{root}”不存在")
        return content
    if site_file.exists() or site_file.is_symlink():
        content.site = read_content_yaml(site_file, root, reporter)
    else:
        reporter.error(Location(content.site_path, 0, 0), "GK002", f"缺少网站信息文件 {SITE_FILE}")
    for path in disclosure_files(root) if read_disclosures else []:
        data = read_content_yaml(path, root, reporter)
        content.disclosures.append(RawDisclosure(path.parent, data, display(path, root)))
    if not (content.disclosures if read_disclosures else disclosure_files(root)):
        reporter.warning(
            Location(str(root), 0, 0), "GK002", f"没有找到任何公开：应为 <年度>/<目录名>/{DISCLOSURE_FILE}"
        )
    return content
