"""The bold face of the PDFs: Noto Sans CJK SC Bold with TrueType outlines, made once at install time.

Chromium embeds a CJK font with CFF outlines (Debian's fonts-noto-cjk) as Type 3, whose text
neither extracts (部⻔) nor passes PDF/A, and the TrueType CJK fonts Debian ships (WenQuanYi
Micro Hei, AR PL UMing) have no bold face; synthetic bold is Type 3 too. So ``make fonts`` (part
of ``make site`` and ``make test``) converts the SC face of ``NotoSansCJK-Bold.ttc`` once:

* subset to what a disclosure prints: ASCII, Latin-1, punctuation, arrows, numerals (①, Ⅰ), CJK
  symbols and punctuation, full-width forms and all 20,992 CJK Unified Ideographs (U+4E00–U+9FFF);
  a character outside falls back to the regular face (``font-synthesis: none``: never a fake bold);
* the CFF outlines converted to quadratic TrueType (``glyf``) outlines with cu2qu;
* every character its own glyph: Skia writes a glyph's ToUnicode from the lowest code point that
  maps to it, so a glyph shared by · and • would read back as ·; shared glyphs are copied;
* renamed "Gongkai Hei" (the SIL Open Font License 1.1 asks a modified version to change its
  name), with Adobe's and Google's copyright, the licence and its address kept in the name table;
* no timestamp of the moment: the same source and fontTools give the same bytes, so PDFs stay
  byte-reproducible.

The font lives in the virtual environment (``<venv>/share/gongkai/fonts``, or ``GONGKAI_FONT_DIR``),
not among the system's fonts: Chromium is given a fontconfig file that adds this one folder to the
system's configuration (``fontconfig_env``), so nothing else on the machine sees it.

``python -m generator.pdf.fonts --source NotoSansCJK-Bold.ttc`` writes it (about 30 s on one core).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fontTools is imported when the face is made, not on every build
    from fontTools.ttLib import TTFont

FAMILY = "Gongkai Hei"
STYLE = "Bold"
FILE_NAME = "GongkaiHei-Bold.ttf"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
SOURCE_FACE = "Noto Sans CJK SC"
CONFIG_NAME = "fonts.conf"

# What a disclosure prints (see the module's docstring); the rest falls back to the regular face.
RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ·, ×, ÷, °
    (0x2000, 0x206F),  # general punctuation: — … ‰ “ ”
    (0x2100, 0x218F),  # letterlike, number forms: ℃, №, Ⅰ Ⅱ
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: ≤ ≥ ±
    (0x2460, 0x24FF),  # enclosed numerals: ①
    (0x2500, 0x25FF),  # box drawing, geometric shapes: ■ ○ △
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》【】
    (0x3200, 0x32FF),  # enclosed CJK: ㈠
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFF00, 0xFFEF),  # full-width forms: （）：，％
)


def font_dir() -> Path:
    """Where the bold font and its fontconfig file live: ``GONGKAI_FONT_DIR`` or the venv's share/."""
    configured = os.environ.get("GONGKAI_FONT_DIR", "").strip()
    return Path(configured) if configured else Path(sys.prefix) / "share" / "gongkai" / "fonts"


def bold_font() -> Path | None:
    """The prepared bold font, when ``make fonts`` has made it."""
    path = font_dir() / FILE_NAME
    return path if path.is_file() else None


def fontconfig_env() -> dict[str, str]:
    """Environment for Chromium: the system's fontconfig plus the folder of the bold font.

    Empty when the font is missing (the PDFs then print without bold, see ``build.py``).
    """
    font = bold_font()
    if font is None:
        return {}
    folder = font.parent
    config = folder / CONFIG_NAME
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{folder}</dir>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not config.is_file() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return {"FONTCONFIG_FILE": str(config)}


def _code_points(cmap: dict[int, str]) -> set[int]:
    return {cp for cp in cmap if any(lo <= cp <= hi for lo, hi in RANGES)}


def _face(source: Path) -> TTFont:
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() in (".ttc", ".otc"):
        for font in TTCollection(str(source)).fonts:
            if font["name"].getDebugName(1) == SOURCE_FACE:
                return font
        raise SystemExit(f"{source} 中没有 {SOURCE_FACE}")
    return TTFont(str(source))


def _to_truetype(font: TTFont) -> None:
    """CFF outlines → quadratic glyf outlines (cu2qu, 1 unit tolerance), in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in [
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ]:
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names in the file


def _one_glyph_per_character(font: TTFont) -> int:
    """Give every code point its own glyph (a copy where the source shares one); returns the copies made."""
    cmap = font.getBestCmap()
    users: dict[str, list[int]] = defaultdict(list)
    for cp, name in sorted(cmap.items()):
        users[name].append(cp)
    order = list(font.getGlyphOrder())
    glyf, hmtx = font["glyf"], font["hmtx"]
    copies = 0
    remap: dict[int, str] = {}
    for name, cps in users.items():
        for cp in cps[1:]:
            copy = f"{name}.u{cp:04X}"
            order.append(copy)
            glyf.glyphs[copy] = glyf[name]
            hmtx.metrics[copy] = hmtx.metrics[name]
            remap[cp] = copy
            copies += 1
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for table in font["cmap"].tables:
        for cp, copy in remap.items():
            if cp in table.cmap:
                table.cmap[cp] = copy
    font["maxp"].numGlyphs = len(order)
    return copies


def _rename(font: TTFont) -> None:
    """ "Gongkai Hei Bold": a renamed modified version, as the OFL asks; copyright and licence kept."""
    name = font["name"]
    source_version = name.getDebugName(5) or ""
    keep = {0, 5, 8, 9, 11, 12, 13, 14}
    name.names = [rec for rec in name.names if rec.nameID in keep and rec.platformID == 3 and rec.langID == 0x409]
    records = {
        1: FAMILY,
        2: STYLE,
        3: f"{FAMILY} {STYLE}; derived from {SOURCE_FACE} Bold {source_version}".strip(),
        4: f"{FAMILY} {STYLE}",
        6: "GongkaiHei-Bold",
        10: (
            f"{SOURCE_FACE} Bold converted to TrueType outlines and subset for Gongkai's archival PDFs; "
            "a modified version under the SIL Open Font License 1.1, renamed as the licence asks."
        ),
    }
    for number, text in records.items():
        name.setName(text, number, 3, 1, 0x409)
    font["OS/2"].usWeightClass = 700
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 0x20) & ~0x40  # bold, not regular
    font["head"].macStyle |= 0x01


def prepare(source: Path, target: Path) -> dict[str, float]:
    """Write the bold TrueType font made from ``source`` to ``target``; returns what it measured."""
    from fontTools import subset

    started = time.perf_counter()
    font = _face(source)
    wanted = _code_points(font.getBestCmap())
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["kern", "palt", "halt"]  # spacing only: no substitution, so text maps 1:1
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    if "GSUB" in font:
        del font["GSUB"]
    _to_truetype(font)
    copies = _one_glyph_per_character(font)
    _rename(font)
    font.recalcTimestamp = False  # the source's own dates: no time of the moment in the bytes
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    font.save(str(partial))
    partial.replace(target)
    return {
        "characters": len(wanted),
        "glyphs": len(font.getGlyphOrder()),
        "copies": copies,
        "bytes": target.stat().st_size,
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="制作 PDF 所用的粗体字体（TrueType 轮廓）")
    parser.add_argument("--source", type=Path, default=SOURCE, help="NotoSansCJK-Bold.ttc（fonts-noto-cjk）")
    parser.add_argument("--output", type=Path, default=None, help=f"输出文件（默认 {font_dir() / FILE_NAME}）")
    args = parser.parse_args(argv)
    target = args.output or font_dir() / FILE_NAME
    if not args.source.is_file():
        print(f"找不到 {args.source}：请安装 fonts-noto-cjk，或运行 make fonts", file=sys.stderr)
        return 2
    measured = prepare(args.source, target)
    print(
        f"粗体字体已生成：{target}，{measured['characters']} 个字符，{measured['glyphs']} 个字形，"
        f"{measured['bytes'] / 1e6:.1f} MB，用时 {measured['seconds']:.1f} 秒"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
