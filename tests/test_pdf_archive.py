"""The archival PDFs, printed by Chromium and read back with pypdf and poppler-utils."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from generator.build import build
from generator.layouts import package_registry
from generator.pdf import build as pdf_build
from generator.pipeline import load_content
from generator.render.views import disclosure_view

STANDARD_KINDS = [k.id for k in package_registry().required_in("预算")]

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SEED = ROOT / "content" / "sources" / "2025-langfang-sifaju.txt"  # the published text (content/sources/README.md)
LANGFANG = "2025/langfang-sifaju/langfang-sifaju.pdf"
FIGURE = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")
# Kangxi radicals and the CJK radicals supplement: the look-alikes (⻔ for 门, ⻚ for 页) that
# Chromium writes into the text layer when a CJK font is OpenType-CFF.
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


class Log(list):
    def __call__(self, message: str) -> None:
        self.append(message)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "output"
    log = Log()
    status, _ = build(CONTENT, out, pdf=True, log=log)
    assert status == 0, log
    return out


@pytest.fixture(scope="module")
def langfang(built) -> PdfReader:
    return PdfReader(built / LANGFANG)


@pytest.fixture(scope="module")
def langfang_view():
    content = load_content(CONTENT)
    return disclosure_view(next(d for d in content.disclosures if d.slug == "langfang-sifaju"))


def destination_pages(reader: PdfReader) -> dict[str, int]:
    return {str(k).lstrip("/"): _page_number(reader, v) for k, v in reader.named_destinations.items()}


def _page_number(reader: PdfReader, destination: Destination) -> int:
    """The 1-based page a destination leads to (pypdf types the number as optional)."""
    number = reader.get_destination_page_number(destination)
    assert number is not None, destination.title
    return number + 1


def poppler_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_every_disclosure_gets_a_pdf_linked_from_its_toc_page(built):
    pdfs = sorted(str(p.relative_to(built)) for p in built.rglob("*.pdf"))
    assert pdfs == sorted(_views())  # one per disclosure, "<年度>/<目录名>/<目录名>.pdf"
    assert LANGFANG in pdfs and "2026/yangxin-sifaju/yangxin-sifaju.pdf" in pdfs
    for pdf in pdfs:
        toc = (built / pdf).parent / "index.html"
        assert f'href="{Path(pdf).name}"' in toc.read_text(encoding="utf-8")


def test_cover_then_toc(langfang):
    cover = langfang.pages[0].extract_text()
    assert "廊坊市司法局" in cover and "廊坊市司法局2025年部门预算信息公开目录" in cover and "2025" in cover
    assert "目" in langfang.pages[1].extract_text() and "部门预算收支总表" in langfang.pages[1].extract_text()


def test_toc_page_numbers_are_where_the_headings_fall(langfang, langfang_view):
    pages = destination_pages(langfang)
    toc_text = poppler_text_from_reader(langfang, 1)
    front = pages[langfang_view.parts[0].anchor] - 1  # the cover and the 目录: the body is numbered from 1
    assert front == 2
    for part in langfang_view.parts:
        entries = [(part.heading, part.anchor)] + [(i.heading, i.block.anchor) for i in part.items]
        for heading, anchor in entries:
            match = re.search(re.escape(heading) + r"[ ._…\u00b7]*?(\d+)\s*$", toc_text, re.MULTILINE)
            assert match, f"{heading} not in the 目录"
            assert int(match.group(1)) == pages[anchor] - front, heading
            # the number at the foot of that page is the 目录's
            assert f"第 {match.group(1)} 页" in langfang.pages[pages[anchor] - 1].extract_text(), heading
            # the heading really is on that page
            assert heading.replace(" ", "") in langfang.pages[pages[anchor] - 1].extract_text().replace(" ", "")


def poppler_text_from_reader(reader: PdfReader, index: int) -> str:
    return reader.pages[index].extract_text(extraction_mode="layout")


def test_toc_entries_link_to_their_pages(langfang):
    links = [a.get_object() for a in langfang.pages[1].get("/Annots", [])]
    assert len(links) >= 22  # 2 parts + 9 tables + 11 sections
    assert all(link["/Subtype"] == "/Link" for link in links)


def outline_tree(reader: PdfReader, items) -> list[tuple[str, int, list]]:
    """pypdf's flat outline list (an item, then a list of its children) as a tree."""
    tree: list[tuple[str, int, list]] = []
    for item in items:
        if isinstance(item, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, outline_tree(reader, item))
        else:
            tree.append((item.title, _page_number(reader, item), []))
    return tree


def test_outline_mirrors_the_toc(langfang, langfang_view):
    pages = destination_pages(langfang)
    got = outline_tree(langfang, langfang.outline)
    assert [(title, page, [(t, p) for t, p, _ in children]) for title, page, children in got] == [
        (part.heading, pages[part.anchor], [(it.heading, pages[it.block.anchor]) for it in part.items])
        for part in langfang_view.parts
    ]
    # under 七、 the 24 项目绩效目标表, each at the page its heading is on
    section7 = next(item for item in got[1][2] if item[0].startswith("七、"))
    projects = section7[2]
    assert len(projects) == 24
    assert projects[0][0] == "1、机关专项运转经费绩效目标表"
    for title, page, _ in projects:
        assert re.sub(r"\s", "", title) in re.sub(r"\s", "", langfang.pages[page - 1].extract_text())


def test_metadata_language_and_tags(langfang):
    meta = langfang.metadata
    assert meta.title == "廊坊市司法局2025年部门预算信息公开目录"
    assert meta.author == "廊坊市司法局"
    assert meta.subject == "廊坊市司法局2025年部门预算信息公开"
    assert "廊坊市司法局" in meta["/Keywords"] and "2025" in meta["/Keywords"]
    root = langfang.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    # never the print time: 廊坊 gives no publication date, so (without SOURCE_DATE_EPOCH) 1 January of its year
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        assert meta.creation_date == meta.modification_date == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def test_footer_numbers_the_body_from_1_and_not_the_cover_and_toc(langfang):
    """The usual convention: the cover and the 目录 unnumbered, the body 第 1 页 … 共 M 页 (M its pages);
    the PDF's page labels agree, so a viewer's page 1 is the printed 第 1 页."""
    total = len(langfang.pages) - 2
    for page in langfang.pages[:2]:
        assert "页 共" not in page.extract_text()
    for n, page in enumerate(langfang.pages[2:], start=1):
        assert f"第 {n} 页 共 {total} 页" in page.extract_text()
    assert langfang.page_labels == ["i", "ii", *(str(n) for n in range(1, total + 1))]


def test_cover_names_the_department_the_date_and_the_source(built):
    for name, view in _views().items():
        cover = _plain(PdfReader(built / name).pages[0].extract_text())
        d = view.disclosure
        assert d.department.name in cover and _plain(d.title) in cover, name
        assert f"信息来源：{d.department.name}" in cover, name
        if d.published:
            assert f"发布日期：{d.published.year}年{d.published.month}月{d.published.day}日" in cover, name
        elif os.environ.get("SOURCE_DATE_EPOCH"):
            assert "生成日期：" in cover, name
        else:
            assert "发布日期：未注明" in cover, name  # never a date the content does not give
    yangxin = _plain(PdfReader(built / "2026/yangxin-sifaju/yangxin-sifaju.pdf").pages[0].extract_text())
    assert "发布日期：2025年10月20日" in yangxin


def test_wide_tables_print_landscape_the_rest_portrait(langfang, langfang_view):
    pages = destination_pages(langfang)
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in langfang.pages]
    assert set(sizes) == {(595, 842), (842, 595)}
    wide = {t.anchor for t in langfang_view.tables if t.grids and t.grids[0].wide}
    assert "t2" in wide  # 收入总表: twelve columns
    for table in langfang_view.tables:
        size = sizes[pages[table.anchor] - 1] if table.anchor in pages else None
        if size and table.anchor in wide:
            assert size == (842, 595), table.heading
    assert sizes[pages["t1"] - 1] == (595, 842)  # 收支总表 stays portrait
    procurement = next(t for t in langfang_view.tables if t.table_kind == "procurement")
    text_pages = [i for i, p in enumerate(langfang.pages) if "预留中小微企业份额" in p.extract_text().replace("\n", "")]
    assert text_pages and all(sizes[i] == (842, 595) for i in text_pages), procurement.heading


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text)


def _views():
    return {f"{v.path}/{v.disclosure.slug}.pdf": v for v in map(disclosure_view, load_content(CONTENT).disclosures)}


def _on(pages: list[str], text: str) -> list[int]:
    return [i for i, page in enumerate(pages) if _plain(text) in page]


def test_header_rows_repeat_and_rows_stay_whole(built):
    """Every page a table's rows fall on carries its header row; a row's cells all lie on one page."""
    continued = whole_rows = 0
    for name, view in _views().items():
        reader = PdfReader(built / name)
        pages = [_plain(p.extract_text()) for p in reader.pages]
        for table in view.tables:
            for grid in table.grids:
                if not grid.header:
                    continue
                # pages holding this grid's rows: those with a cell text found nowhere else in the PDF
                row_pages: list[int] = []
                for row in grid.body:
                    unique = {
                        _on(pages, c.text)[0] for c in row if len(_plain(c.text)) >= 4 and len(_on(pages, c.text)) == 1
                    }
                    assert len(unique) <= 1, f"{name} {table.heading}: a row split over pages {unique}"
                    whole_rows += len(unique)
                    row_pages.extend(unique)
                if len(set(row_pages)) < 2:
                    continue
                headers = [c.text for r in grid.header for c in r if 0 < len(_plain(c.text)) <= 6]
                for i in sorted(set(row_pages))[1:]:
                    continued += 1
                    for text in headers:
                        assert _plain(text) in pages[i], f"{name} p{i + 1} {table.heading}: header {text} missing"
    assert continued >= 5 and whole_rows >= 200, (continued, whole_rows)


def test_fonts_are_embedded_truetype_never_type3(built):
    for pdf in built.rglob("*.pdf"):
        report = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = report.splitlines()[2:]
        assert rows, pdf
        for row in rows:
            assert "Type 3" not in row, row
            assert "TrueType" in row, row
            assert " yes " in row  # embedded


def test_text_is_exact_in_pypdf_and_pdftotext(built):
    for pdf in built.rglob("*.pdf"):
        for text in ("".join(p.extract_text() for p in PdfReader(pdf).pages), poppler_text(pdf)):
            assert not RADICALS.search(text), f"{pdf}: {RADICALS.findall(text)[:5]}"
            assert "部门" in text and "页" in text


def test_every_title_name_and_figure_of_the_nine_tables(built, langfang, langfang_view):
    content = load_content(CONTENT)
    disclosure = next(d for d in content.disclosures if d.slug == "langfang-sifaju")
    pages = destination_pages(langfang)
    # the nine tables: from the first table to the page before the 情况说明 part
    first, last = pages["t1"], pages[langfang_view.parts[1].anchor] - 1
    pypdf_text = "\n".join(langfang.pages[i].extract_text() for i in range(first - 1, last))
    poppler = poppler_text(built / LANGFANG, first, last)
    seed = SEED.read_text(encoding="utf-8")
    published = Counter(
        FIGURE.findall(
            seed[seed.index("部门预算收支总表\n\n375") : seed.index("廊坊市司法局 2025 年部门预算信息公开情况说明")]
        )
    )
    for text in (pypdf_text, poppler):
        assert Counter(FIGURE.findall(text)) == published
        joined = re.sub(r"\s+", "", text)  # a long 科目名称 wraps inside its cell
        for kind in STANDARD_KINDS:
            (table,) = disclosure.tables(kind)
            assert table.title in joined
            for row in getattr(table, "rows", []) if isinstance(getattr(table, "rows", None), list) else []:
                assert row.name in joined, row.name


def test_rebuild_is_byte_identical_and_skipped_when_nothing_changed(built, tmp_path):
    other = tmp_path / "again"
    status, _ = build(CONTENT, other, pdf=True, log=Log())
    assert status == 0
    for pdf in built.rglob("*.pdf"):
        assert (other / pdf.relative_to(built)).read_bytes() == pdf.read_bytes(), pdf
    # building over it again prints nothing: every PDF is reused
    log = Log()
    before = {p: p.read_bytes() for p in other.rglob("*.pdf")}
    status, _ = build(CONTENT, other, pdf=True, log=log)
    assert status == 0
    assert any(f"打印 0 份，未改动沿用 {len(before)} 份" in line for line in log), log
    assert {p: p.read_bytes() for p in other.rglob("*.pdf")} == before


def test_only_the_changed_disclosure_is_reprinted(built, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "output"
    shutil.copytree(built, out)
    path = content / "2024" / "pingluo-sifaju" / "disclosure.yml"
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.MULTILINE)
    assert title
    path.write_text(text.replace(title.group(0), f"title: {title.group(1)}（修订）"), encoding="utf-8")
    log = Log()
    status, _ = build(content, out, pdf=True, log=log)
    assert status == 0
    assert any(f"打印 1 份，未改动沿用 {len(_views()) - 1} 份" in line for line in log), log
    assert any("pingluo-sifaju.pdf" in line and "已生成" in line for line in log), log


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "2024", content / "2024")
    shutil.copy(CONTENT / "site.yml", content / "site.yml")
    status, _ = build(content, tmp_path / "out", pdf=True, log=Log())
    assert status == 0
    meta = PdfReader(tmp_path / "out" / "2024/pingluo-sifaju/pingluo-sifaju.pdf").metadata
    assert meta is not None
    assert meta.creation_date == meta.modification_date == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def test_one_failing_document_does_not_stop_the_others(tmp_path, monkeypatch):
    real = pdf_build._print_one

    async def flaky(browser, job, *rest):
        if job.name.endswith("/xinglong-sifaju"):
            raise RuntimeError("模拟的打印故障")
        return await real(browser, job, *rest)

    monkeypatch.setattr(pdf_build, "_print_one", flaky)
    log = Log()
    status, _ = build(CONTENT, tmp_path / "out", pdf=True, log=log)
    assert status == 1
    assert any("xinglong-sifaju.pdf" in line and "模拟的打印故障" in line for line in log), log
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.pdf"))
    assert written == sorted(name for name in _views() if "xinglong" not in name)
    # the failed one's 目录 page does not link a missing file; the others do
    assert ".pdf" not in (tmp_path / "out/2025/xinglong-sifaju/index.html").read_text(encoding="utf-8")
    assert 'href="langfang-sifaju.pdf"' in (tmp_path / "out/2025/langfang-sifaju/index.html").read_text(
        encoding="utf-8"
    )


def test_pdf_bytes_are_a_valid_document(built):
    data = (built / LANGFANG).read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(data))
    assert 30 < len(reader.pages) < 80
    assert os.path.getsize(built / LANGFANG) < 5_000_000


def _toc_lines(path: Path, last_page: int) -> list[tuple[str, int]]:
    """The 目录 as pdftotext lays it out: (entry, page number); a long entry may wrap onto a second line."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", str(last_page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    entries, pending = [], ""
    for line in text.splitlines():
        line = line.strip()
        if not line or _plain(line) == "目录" or re.fullmatch(r"第 \d+ 页 共 \d+ 页", line):
            continue
        match = re.fullmatch(r"(.*?)[\s.·…]+(\d+)", line)
        if match:
            entries.append((_plain(pending + match.group(1)), int(match.group(2))))
            pending = ""
        else:
            pending += line
    return entries


def test_every_toc_lists_each_entry_at_the_page_its_heading_is_on(built):
    for name, view in _views().items():
        reader = PdfReader(built / name)
        pages = destination_pages(reader)
        expected = [
            e
            for part in view.parts
            for e in [(part.heading, part.anchor, part.heading)]
            + [(i.heading, i.block.anchor, i.block.heading) for i in part.items]
        ]
        first_body = min(pages[anchor] for _, anchor, _ in expected)
        front = first_body - 1  # the body is numbered from 1
        assert _toc_lines(built / name, first_body - 1) == [(_plain(t), pages[a] - front) for t, a, _ in expected], name
        for _, anchor, printed in expected:
            assert _plain(printed) in _plain(reader.pages[pages[anchor] - 1].extract_text()), (name, printed)
        # each entry is a link to its heading, in the 目录's order
        dests = [
            str(a.get_object()["/Dest"]).lstrip("/")
            for i in range(1, first_body - 1)
            for a in reader.pages[i].get("/Annots", [])
            if "/Dest" in a.get_object()
        ]
        assert dests == [anchor for _, anchor, _ in expected], name


def test_cache_key_follows_page_styles_and_date(tmp_path, monkeypatch):
    from generator.pdf.cache import compute_key
    from generator.pdf.jobs import DocumentInfo, PdfJob

    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "pdf.css").write_text("@page { size: A4 }", encoding="utf-8")
    html = tmp_path / "full.html"
    html.write_text("<h1>目录</h1>", encoding="utf-8")
    info = DocumentInfo("题", "部门", "主题", "词", "zh-CN", dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    job = PdfJob(name="2025/x", html=html, pdf=tmp_path / "x.pdf", info=info, toc=())
    key = compute_key(job, assets)
    assert compute_key(job, assets) == key
    (assets / "pdf.css").write_text("@page { size: A4 landscape }", encoding="utf-8")
    assert compute_key(job, assets) != key
    key = compute_key(job, assets)
    html.write_text("<h1>目录 </h1>", encoding="utf-8")
    assert compute_key(job, assets) != key


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere(monkeypatch):
    from generator.pdf.progress import Progress, interactive

    monkeypatch.setenv("CI", "true")
    assert not interactive()
    lines = Log()
    with Progress(2, lines, bar=False) as progress:
        progress.advance("a.pdf 已生成")
        progress.advance("b.pdf 失败")
    assert lines == ["PDF [1/2] a.pdf 已生成", "PDF [2/2] b.pdf 失败"]
    quiet = Log()
    with Progress(1, quiet, bar=True) as progress:  # rich draws it; nothing goes to the log
        progress.advance("c.pdf 已生成")
    assert quiet == []


# ---------------------------------------------------------------------------
# PDF/A-2b (ISO 19005-2, GB/T 23286): every published PDF, checked as an archive would.


def _pdfs(built: Path) -> list[Path]:
    """Every published PDF: one per disclosure of the example content."""
    pdfs = sorted(built.rglob("*.pdf"))
    assert sorted(str(p.relative_to(built)) for p in pdfs) == sorted(_views())
    return pdfs


def test_every_pdf_passes_pdfa_2b_validation(built):
    from pikepdf.pdfa import validate_written

    for pdf in _pdfs(built):
        report = validate_written(pdf, "2b")
        assert report.passed, (pdf.name, [(f.rule, f.where, f.message) for f in report.findings])
        assert not report.findings, pdf.name
        assert report.output_intent == "RGB", pdf.name


def test_pdfinfo_tagged_and_pdffonts_all_embedded_no_type3(built):
    for pdf in _pdfs(built):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
        assert fields["Tagged"].strip() == "yes", pdf.name
        assert not info.stderr.strip(), info.stderr  # poppler reads it without complaint
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all("Type 3" not in row for row in rows), fonts
        # columns: name type encoding emb sub uni object ID; "emb" is the fourth from the right
        assert all(row.split()[-5] == "yes" for row in rows), fonts


def test_xmp_declares_pdfa_2b_with_the_chinese_title_author_language_and_dates(built):
    import pikepdf

    views = _views()
    for pdf in _pdfs(built):
        view = views[str(pdf.relative_to(built))]
        d = view.disclosure
        with pikepdf.open(pdf) as doc:
            meta = doc.open_metadata()
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B", pdf.name
            assert meta["dc:title"] == d.title, pdf.name
            assert meta["dc:creator"] == [d.department.name], pdf.name
            assert meta["dc:language"] == {"zh-CN"}, pdf.name
            expected = f"{d.published or dt.date(d.year + (d.kind == '决算'), 1, 1)}T00:00:00+00:00"
            if not os.environ.get("SOURCE_DATE_EPOCH") or d.published:
                assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == meta["xmp:MetadataDate"] == expected
            assert meta["pdf:Producer"] == str(doc.docinfo["/Producer"]), pdf.name
            # DocInfo agrees with the XMP (PDF/A-2 wants it consistent where both are given)
            assert str(doc.docinfo["/Title"]) == d.title and str(doc.docinfo["/Author"]) == d.department.name
            assert "/CreationDate" in doc.docinfo
            assert str(doc.Root.Lang) == "zh-CN"


def test_output_intent_and_catalog_cleaned(built):
    import hashlib

    import pikepdf

    for pdf in _pdfs(built):
        with pikepdf.open(pdf) as doc:
            (intent,) = doc.Root.OutputIntents
            assert intent.S == "/GTS_PDFA1" and intent.OutputConditionIdentifier == "sRGB"
            profile = intent.DestOutputProfile
            assert profile.N == 3 and profile.read_bytes()[16:20] == b"RGB "
            # Chromium's stray /Type keys are gone; what they sat in stays
            assert "/Type" not in doc.Root.MarkInfo and bool(doc.Root.MarkInfo.Marked)
            assert "/Type" not in doc.Root.get("/ViewerPreferences", {})
            assert "/StructTreeRoot" in doc.Root and "/Outlines" in doc.Root
            # /ID: the first word is still the hash of the document's inputs (its cache key)
            key = (pdf.parent / f".{pdf.name}.key").read_text(encoding="ascii").strip()
            first = hashlib.md5(key.encode("ascii"), usedforsecurity=False).digest()
            assert bytes(doc.trailer.ID[0]) == first, pdf.name
            # every link annotation is printable (PDF/A) and still points somewhere
            for page in doc.pages:
                for annot in page.get("/Annots", []):
                    assert int(annot.F) & 4, pdf.name
                    assert "/Dest" in annot or "/A" in annot, pdf.name


def test_document_date_published_then_source_date_epoch_then_1_january(monkeypatch):
    from generator.pdf.jobs import document_date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert document_date(dt.date(2025, 10, 20), 2026) == dt.datetime(2025, 10, 20, tzinfo=dt.UTC)
    assert document_date(None, 2024) == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert document_date(None, 2024, "决算") == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)  # published after its year
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    assert document_date(None, 2024) == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert document_date(dt.date(2025, 10, 20), 2026) == dt.datetime(2025, 10, 20, tzinfo=dt.UTC)
