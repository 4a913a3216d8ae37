"""Check loaded YAML against the content schema and build the typed model from it.

Every problem is reported with its place; a bad block is dropped from the model
(so later checks don't trip over it) but the rest of the disclosure is kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.diagnostics import CODES, Location, Reporter
from generator.layouts import Registry
from generator.layouts.registry import disclosure_kinds
from generator.load.content import RawContent, RawDisclosure, display, read_yaml
from generator.load.include import IncludeError, include_path
from generator.load.located_yaml import LocDict, LocList
from generator.model.document import Acknowledgement, Department, Disclosure, Part, Section, Site, TextBlock
from generator.model.money import UNITS
from generator.validate.fields import (
    INVALID,
    Boolean,
    Choice,
    Date,
    Integer,
    Pattern,
    Schema,
    Text,
    Url,
    describe,
    report_unknown,
    valid,
)
from generator.validate.stated import parse_figures
from generator.validate.tables import TableBuilders

TOPICS = (
    "部门职责",
    "总体情况",
    "机关运行经费",
    "三公经费",
    "绩效目标",
    "专项资金",
    "项目绩效",
    "政府采购",
    "国有资产",
    "名词解释",
    "其他",
)
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

SITE_SCHEMA = Schema(
    "网站信息 site.yml",
    {
        "title": Text("网站标题", required=True),
        "owner": Text("主办单位", required=True),
        "contact": Text("联系方式"),
        "site_code": Text("网站标识码"),
        "icp": Text("ICP备案号"),
        "police_record": Text("公安备案号"),
        "base_url": Url("网站地址，用于 sitemap.xml、404 页和 PDF 中的链接"),
    },
)

DEPARTMENT_SCHEMA = Schema(
    "department",
    {
        "name": Text("部门名称", required=True),
        "code": Pattern("部门代码", r"\d{1,12}", "部门代码只能是数字"),
        "region": Text("地区"),
    },
)

DISCLOSURE_SCHEMA = Schema(
    "disclosure.yml",
    {
        "year": Integer("预算年度", minimum=2000, maximum=2100, required=True),
        "kind": Choice("公开类型", tuple(disclosure_kinds()), required=True),  # layouts/disclosure_kinds.yml
        "scope": Choice("公开范围", ("full", "partial"), required=True),
        "title": Text("标题", required=True),
        "unit": Choice("金额单位", UNITS, default="万元"),
        "published": Date("公开日期"),
        "source": Text("来源说明"),
        "projects_complete": Boolean("是否列出全部项目", default=False),
    },
)


class Builder(TableBuilders):
    """Builds one disclosure; follows ``include`` within the disclosure's folder."""

    def __init__(self, raw: RawDisclosure, root: Path, reporter: Reporter, registry: Registry) -> None:
        self.raw = raw
        self.root = root
        self.reporter = reporter
        self.registry = registry
        self.unit = "万元"
        self.files: list[Path] = [raw.directory / "disclosure.yml"]
        self._including: list[Path] = []

    # ----- disclosure -------------------------------------------------------------
    def build(self) -> Disclosure | None:
        data = self.raw.data
        top = Location(self.raw.display_path, 1, 1)
        if data is None:
            if not self.reporter.items or all(d.location.path != self.raw.display_path for d in self.reporter.items):
                self.reporter.error(
                    top, "GK004", "disclosure.yml 是空的：至少要有 department、year、kind、scope、title 和 contents"
                )
            return None
        fields = DISCLOSURE_SCHEMA.check(data, top, self.reporter, extra=("department", "contents", "acknowledged"))
        if not isinstance(data, LocDict):
            return None
        self.unit = valid(fields["unit"]) or "万元"
        department = self._department(data)
        slug = self.raw.directory.name
        if not SLUG.fullmatch(slug):
            self.reporter.error(
                top, "GK011", f"目录名“{slug}”会成为网址，只能用小写字母、数字和连字符（如 langfang-sifaju）"
            )
        parts = self._parts(data.get("contents"), data.value_locs.get("contents", top))
        if "contents" not in data:
            self.reporter.error(top, "GK004", "缺少必填项“contents”（目录）")
        if any(fields[k] is INVALID for k in DISCLOSURE_SCHEMA.fields) or department is None:
            return None
        year_dir = self.raw.directory.parent.name
        if year_dir != str(fields["year"]):
            self.reporter.warning(
                data.value_locs["year"], "GK011", f"year 为 {fields['year']}，但文件放在“{year_dir}”目录下"
            )
        return Disclosure(
            slug=slug,
            directory=self.raw.directory,
            department=department,
            year=fields["year"],
            kind=fields["kind"],
            scope=fields["scope"],
            title=fields["title"],
            unit=self.unit,
            parts=parts,
            loc=top,
            published=fields["published"],
            source=fields["source"],
            projects_complete=fields["projects_complete"],
            files=self.files,
            acknowledged=self._acknowledged(data),
        )

    def _acknowledged(self, data: LocDict) -> list[Acknowledgement]:
        """Inconsistencies of the published document that its publisher keeps as published."""
        schema = Schema(
            "acknowledged 的一项",
            {
                "code": Choice("问题代码", tuple(CODES), required=True),
                "about": Text("问题说明中的一段文字（如科目名称）", required=True),
                "reason": Text("为何按原文保留", required=True),
            },
        )
        found = []
        raw = data.get("acknowledged")
        if raw is not None and not isinstance(raw, LocList):
            self.reporter.error(data.value_locs["acknowledged"], "GK005", "acknowledged 应为列表")
            return []
        for item, loc in zip(raw or [], getattr(raw, "item_locs", []), strict=True):
            f = schema.check(item, loc, self.reporter)
            if INVALID not in f.values():
                found.append(Acknowledgement(f["code"], f["about"], f["reason"], loc))
        return found

    def _department(self, data: LocDict) -> Department | None:
        raw = data.get("department")
        loc = data.value_locs.get("department", data.loc)
        if raw is None:
            self.reporter.error(data.loc, "GK004", "缺少必填项“department”（部门）")
            return None
        fields = DEPARTMENT_SCHEMA.check(raw, loc, self.reporter)
        if any(v is INVALID for v in fields.values()):
            return None
        return Department(name=fields["name"], code=fields["code"], region=fields["region"])

    def _parts(self, raw: Any, loc: Location) -> list[Part]:
        """The 目录: parts with their items; items written outside a part form an untitled part."""
        if raw is None:
            return []
        if not isinstance(raw, LocList):
            self.reporter.error(loc, "GK005", f"“contents”应为部分或块的列表，而不是{describe(raw)}")
            return []
        schema = Schema(
            "部分（part）",
            {
                "part": Text("部分标题", required=True),
                "number": Text("部分编号"),
                "intro": Text("引言"),
            },
        )
        parts: list[Part] = []
        loose: Part | None = None
        for item, item_loc in zip(raw, raw.item_locs, strict=True):
            if isinstance(item, LocDict) and "part" not in item:
                if loose is None:
                    loose = Part(None, None, None, [], item_loc)
                    parts.append(loose)
                loose.items.extend(self._block(item, item_loc, allow_text=False))
                continue
            loose = None
            fields = schema.check(item, item_loc, self.reporter, extra=("items",))
            items = self._blocks(fields.get("items"), item_loc, allow_text=False)
            if fields["part"] is INVALID:
                continue
            parts.append(Part(fields["part"], valid(fields["number"]), valid(fields["intro"]), items, item_loc))
        return parts

    # ----- blocks -----------------------------------------------------------------
    def _blocks(self, raw: Any, loc: Location, allow_text: bool = True) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, LocList):
            self.reporter.error(loc, "GK005", f"应为块的列表，而不是{describe(raw)}")
            return []
        blocks: list[Any] = []
        for item, item_loc in zip(raw, raw.item_locs, strict=True):
            blocks.extend(self._block(item, item_loc, allow_text))
        return blocks

    def _block(self, raw: Any, loc: Location, allow_text: bool) -> list[Any]:
        if not isinstance(raw, LocDict):
            self.reporter.error(
                loc, "GK005", f"块应为映射（如 text:、section:、table:、include:），而不是{describe(raw)}"
            )
            return []
        if "include" in raw:
            report_unknown(raw, ["include"], self.reporter, "include 块")
            return self._include(raw["include"], raw.value_locs["include"], allow_text)
        if "section" in raw:
            return [self._section(raw)]
        if "table" in raw:
            table = self._table(raw)
            return [table] if table is not None else []
        if "text" in raw:
            if not allow_text:
                self.reporter.error(
                    loc, "GK005", "部分（part）的 items 只能是 section 或 table；文字请写在 intro 或某一节里"
                )
                return []
            fields = Schema("文字块", {"text": Text("Markdown 文字", required=True)}).check(raw, loc, self.reporter)
            return [] if fields["text"] is INVALID else [TextBlock(fields["text"], loc)]
        self.reporter.error(loc, "GK005", "块必须有 text、section、table 或 include 之一")
        return []

    def _include(self, target: Any, loc: Location, allow_text: bool) -> list[Any]:
        try:  # the rules (inside the folder, depth, count, loops): generator/load/include.py
            path = include_path(self.raw.directory, self.root, target, self._including, len(self.files))
        except IncludeError as exc:
            self.reporter.error(loc, "GK009", str(exc))
            return []
        shown = display(path, self.root, resolved=True)  # (include_path resolved it)
        data = read_yaml(path, self.root, self.reporter, shown)
        self.files.append(path)
        if data is None:
            return []
        self._including.append(path)
        try:
            file_loc = Location(shown, 1, 1)
            if isinstance(data, LocList):
                return self._blocks(data, file_loc, allow_text)
            return self._block(data, file_loc, allow_text)
        finally:
            self._including.pop()

    def _section(self, raw: LocDict) -> Section:
        schema = Schema(
            "节（section）",
            {
                "section": Text("节标题", required=True),
                "number": Text("编号"),
                "topic": Choice("主题", TOPICS),
            },
        )
        fields = schema.check(raw, raw.loc, self.reporter, extra=("body", "figures"))
        body = self._blocks(raw.get("body"), raw.value_locs.get("body", raw.loc))
        figures, figure_locs = parse_figures(raw.get("figures"), raw.value_locs.get("figures", raw.loc), self.reporter)
        return Section(
            title=valid(fields["section"]) or "",
            number=valid(fields["number"]),
            topic=valid(fields["topic"]) or None,
            body=body,
            loc=raw.loc,
            figures=figures,
            figure_locs=figure_locs,
        )

    # ----- tables -----------------------------------------------------------------


def build_site(content: RawContent, reporter: Reporter) -> Site | None:
    if content.site is None:
        site_path = Path(content.root) / "site.yml"
        if site_path.exists() and not any(d.location.path == content.site_path for d in reporter.items):
            reporter.error(Location(content.site_path, 1, 1), "GK004", "site.yml 是空的：至少要有 title 和 owner")
        return None
    fields = SITE_SCHEMA.check(content.site, Location(content.site_path, 1, 1), reporter)
    if fields["title"] is INVALID or fields["owner"] is INVALID:
        return None
    optional = {k: valid(v) for k, v in fields.items() if k not in ("title", "owner")}
    return Site(title=fields["title"], owner=fields["owner"], **optional)


def build_disclosures(content: RawContent, reporter: Reporter, registry: Registry) -> list[Disclosure]:
    disclosures = []
    seen: dict[tuple[int, str, str], Disclosure] = {}
    for raw in content.disclosures:
        disclosure = Builder(raw, content.root, reporter, registry).build()
        if disclosure is None:
            continue
        if disclosure.key in seen:
            report_published_twice(reporter, disclosure, seen[disclosure.key])
            continue
        seen[disclosure.key] = disclosure
        disclosures.append(disclosure)
    return disclosures


def report_published_twice(reporter: Reporter, disclosure: Disclosure, other: Disclosure) -> None:
    """GK010: one department's disclosure of one year and kind in two folders (the second is left out)."""
    reporter.error(
        disclosure.loc,
        "GK010",
        f"{disclosure.department.name} {disclosure.year} 年{disclosure.kind}已在 {other.loc.path} 中公开",
    )
