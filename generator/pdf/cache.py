"""Skip documents whose inputs did not change since the last build.

The key hashes everything that decides a PDF's bytes: the full-document page, the site's assets
(CSS and scripts it loads), the fonts pdf.css names (the bold face of fonts.py too), the browser binary, this package's code, the
versions of pypdf and pikepdf, and the document's metadata (its date may come from
SOURCE_DATE_EPOCH). It is stored beside the PDF as ``.<slug>.pdf.key``; the previous build's PDF
is copied when its key matches.
"""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from importlib.metadata import version
from pathlib import Path

from generator.pdf.chromium import EXECUTABLE
from generator.pdf.fonts import FILE_NAME, font_dir
from generator.pdf.jobs import PdfJob

PACKAGE = Path(__file__).resolve().parent
FONT_DIRS = (Path("/usr/share/fonts/truetype/wqy"), Path("/usr/share/fonts/truetype/arphic"))
BROWSER = Path(EXECUTABLE)
BROWSER_BINARY = Path("/usr/lib/chromium/chromium")


def key_path(pdf: Path) -> Path:
    return pdf.with_name(f".{pdf.name}.key")


def _stat_line(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path} missing"
    return f"{path} {st.st_size} {st.st_mtime_ns}"


@cache
def environment_digest() -> str:
    """Fonts, browser and the PDF code: the same for every document of a build."""
    h = hashlib.sha256()
    for source in sorted(PACKAGE.glob("*.py")):
        h.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for folder in FONT_DIRS:
        for font in sorted(folder.glob("*")) if folder.is_dir() else []:
            h.update(_stat_line(font).encode() + b"\n")
    h.update(_stat_line(font_dir() / FILE_NAME).encode() + b"\n")  # the bold face, made by `make fonts`
    for binary in (BROWSER, BROWSER_BINARY):
        h.update(_stat_line(binary).encode() + b"\n")
    for library in ("pypdf", "pikepdf"):  # they rewrite the file: another version may write other bytes
        h.update(f"{library} {version(library)}\n".encode())
    return h.hexdigest()


def compute_key(job: PdfJob, assets: Path) -> str:
    h = hashlib.sha256()
    h.update(environment_digest().encode())
    h.update(repr(job.info).encode("utf-8"))
    h.update(repr(job.toc).encode("utf-8"))
    h.update(repr(job.cover).encode("utf-8"))
    h.update(job.html.read_bytes())
    for asset in sorted(p for p in assets.glob("*") if p.is_file()):
        h.update(asset.name.encode() + b"\0" + asset.read_bytes() + b"\0")
    return h.hexdigest()


def reuse(job: PdfJob, staging: Path, previous: Path) -> bool:
    """Copy the previous build's PDF for ``job`` when its stored key equals ``job.key``."""
    old_pdf = previous / job.pdf.relative_to(staging)
    old_key = key_path(old_pdf)
    try:
        if old_key.read_text(encoding="ascii").strip() != job.key or not old_pdf.is_file():
            return False
    except OSError:
        return False
    shutil.copy2(old_pdf, job.pdf)
    store_key(job)
    return True


def store_key(job: PdfJob) -> None:
    key_path(job.pdf).write_text(job.key + "\n", encoding="ascii")
