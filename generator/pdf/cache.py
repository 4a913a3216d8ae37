"""Skip printing a PDF whose inputs did not change since the last build.

The key covers everything the PDF depends on: the full-document page, the styles and
fonts it uses, the Chromium build and the code of this stage itself. The keys of a
build are kept in ``output/.gongkai/pdf-keys.json``; a PDF is reused from the previous
``output/`` only when its key there is the same.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

FORMAT_VERSION = "gongkai-pdf/1"
KEYS_FILE = Path(".gongkai") / "pdf-keys.json"
# The TrueType CJK fonts the print stylesheet names (Debian packages).
FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)


def pdf_key(full_page: Path, site_root: Path, browser_version: str, extra: str = "") -> str:
    digest = hashlib.sha256()
    for part in (FORMAT_VERSION, browser_version, extra):
        digest.update(part.encode("utf-8") + b"\0")
    for source in sorted(Path(__file__).parent.glob("*.py")):  # a change here may change every PDF
        digest.update(source.read_bytes())
    digest.update(full_page.read_bytes())
    for css in sorted((site_root / "assets").glob("*.css")):
        digest.update(css.name.encode("utf-8") + b"\0" + css.read_bytes())
    for font in FONT_FILES:
        if font.exists():
            stat = font.stat()
            digest.update(f"{font}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()


def read_keys(output: Path) -> dict[str, str]:
    try:
        return json.loads((output / KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_keys(output: Path, keys: dict[str, str]) -> None:
    path = output / KEYS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(keys.items())), indent=1) + "\n", encoding="utf-8")
