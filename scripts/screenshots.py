"""The manual's screenshots (docs/images/*.png), made from the example site, never by hand.

Builds content/ (no PDFs) into a temporary folder, serves it on 127.0.0.1 and photographs pages in
Debian's Chromium at 375 px (a phone, device pixel ratio 2) and 1280 px (a desktop): the portal, the
收入总表, and the widest table (廊坊's 政府采购预算表) scrolled — down into its cards on the phone,
sideways to its last column on the desktop; on the phone also 普陀's 基本支出决算表 (printed in two
column blocks) where its 人员经费 cards end and its 公用经费 cards begin, and the 收入总表 in the
大字 and 高对比度 reading modes. Same content and fonts give the same files; the names
are fixed, so `git diff --stat docs/images` shows what changed.

    make screenshots        (= .venv/bin/python scripts/screenshots.py)
"""

from __future__ import annotations

import functools
import json
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.pdf.chromium import ARGS, EXECUTABLE  # noqa: E402

IMAGES = ROOT / "docs" / "images"
PHONE = {"viewport": {"width": 375, "height": 800}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}


@dataclass(frozen=True)
class Shot:
    name: str  # the file in docs/images
    page: str  # the page of the site
    device: dict
    # "" (the top of the page) | "table" (the page scrolled to the first table) |
    # "cards" (scrolled into the table: its heading off screen, rows of figures on it) |
    # "sideways" (the table's own box scrolled to its last column)
    scroll: str = ""
    modes: tuple[str, ...] = ()  # reading modes switched on (site.js keeps them in localStorage)


SHOTS = [
    Shot("portal-desktop.png", "index.html", DESKTOP),
    Shot("table-desktop.png", "2025/langfang-sifaju/02.html", DESKTOP),
    Shot("table-phone.png", "2025/langfang-sifaju/02.html", PHONE, "table"),
    Shot("wide-table-phone.png", "2025/langfang-sifaju/17.html", PHONE, "cards"),
    Shot("wide-table-desktop.png", "2025/langfang-sifaju/17.html", DESKTOP, "sideways"),
    Shot("blocks-phone.png", "2024/putuo-caizhengju/08.html", PHONE, "blocks"),
    Shot("modes-phone.png", "2025/langfang-sifaju/02.html", PHONE, "table", ("large-text", "high-contrast")),
]

SCROLL = """(how) => {
  const box = document.querySelector('.table-scroll');
  if (!box) throw new Error('no table on this page');
  if (how === 'table') window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY - 8);
  if (how === 'cards') window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY + 600);
  if (how === 'blocks') {  // the second block's name a third down the screen, the first block's end above it
    const second = document.querySelectorAll('.blocks-narrow caption')[1];
    if (!second || !second.getClientRects().length) throw new Error('no column blocks shown one after the other');
    window.scrollTo(0, second.getBoundingClientRect().top + window.scrollY - innerHeight / 3);
  }
  if (how === 'sideways') {
    if (box.scrollWidth <= box.clientWidth) throw new Error('the table does not scroll sideways');
    window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY - 140);  // its heading above it
    box.scrollLeft = box.scrollWidth;
  }
  return [window.scrollY, box.scrollLeft];
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def take(site: Path, out: Path = IMAGES) -> list[Path]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    written: list[Path] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS, headless=True)
            try:
                for shot in SHOTS:
                    context = browser.new_context(**shot.device, reduced_motion="reduce", locale="zh-CN")
                    if shot.modes:
                        prefs = json.dumps(json.dumps(dict.fromkeys(shot.modes, True)))
                        context.add_init_script(f"localStorage.setItem('gongkai-prefs', {prefs})")
                    page = context.new_page()
                    page.goto(f"http://127.0.0.1:{server.server_port}/{shot.page}", wait_until="networkidle")
                    if shot.scroll:
                        page.evaluate(SCROLL, shot.scroll)
                    target = out / shot.name
                    page.screenshot(path=str(target), animations="disabled", caret="hide")
                    written.append(target)
                    context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    return written


def main() -> int:
    if not Path(EXECUTABLE).exists():
        print(f"找不到浏览器 {EXECUTABLE}：请先运行 make system", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="gongkai-shots-") as tmp:
        site = Path(tmp) / "output"
        code, _ = build(ROOT / "content", site, pdf=False, log=lambda *_: None)
        if code != 0:
            print("示例内容生成失败：请先运行 gongkai check content", file=sys.stderr)
            return 1
        IMAGES.mkdir(parents=True, exist_ok=True)
        for path in take(site):
            print(f"写入 {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
