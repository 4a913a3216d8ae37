"""The reference pages of the manual, generated from the layout registry and ``CODES``.

``python -m generator.reference`` (``make reference``) writes ``docs/reference/layouts.md``
(every shipped table kind: its keys, columns, rows, fields, lists and sums, as declared in
``generator/layouts/kinds/*.yml``) and ``docs/reference/codes.md`` (every GK code). A test
fails when the committed pages differ from what this module generates, so the manual
cannot drift from the code. ``--check`` only compares (exit status 1 when a page differs).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.diagnostics import CODES
from generator.layouts.registry import (
    COLUMN_KEYS,
    COMMON_KEYS,
    FIELD_KEYS,
    LIST_KEYS,
    RATIO_KEYS,
    STRUCTURE_KEYS,
    Registry,
    package_registry,
)
from generator.layouts.spec import (
    ClassifiedSpec,
    Column,
    FixedRow,
    FixedSpec,
    FormField,
    FormList,
    FormSpec,
    GenericSpec,
    GroupedItemsSpec,
    ItemListSpec,
    RatioRule,
    Side,
    SumRule,
    TableKind,
    Term,
    show_terms,
)
from generator.validate.tables import COMMON_KEYS as TABLE_KEYS

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"
GENERATED = "本页由 `make reference`（`python -m generator.reference`）从 {source} 生成，请勿手工修改；改动后重新生成。"

STRUCTURE_NAMES = {
    "classified": "分类科目表（每行一个科目）",
    "fixed": "固定行表",
    "form": "表单（字段与列表）",
    "grouped_items": "分组条目表",
    "item_list": "条目清单",
    "generic": "逐格给出的表",
}
TYPE_NAMES = {
    "text": "文字",
    "money": "金额",
    "percent": "百分比",
    "count": "数量",
    "date": "日期",
    "sign": "比较符号（≥ ≤ =）",
    "markdown": "Markdown 文字",
    "list": "列表",
}
PLACE_NAMES = {"form": "表内一行", "meta": "表上方的说明行", "private": "不公开", "data": "仅供表头使用"}
COMMON_TABLE_KEYS = {
    "table": "表式名（本页的各个标题）",
    "number": '编号，如 `"1、"`',
    "title": "标题（默认为表式的标题）",
    "unit": "金额单位：万元 或 元（默认为表式或公开的单位）",
    "note": "表注（Markdown），印在表下",
}
# More on a code than its one line in CODES: what to look at when it is reported.
DETAILS = {
    "GK003": "会提示最接近的键",
    "GK005": "如应为列表却写成了文字",
    "GK007": "小数点写“.”，不要千位分隔符",
    "GK008": "写作 YYYY-MM-DD",
    "GK009": "文件不存在、不在本公开目录内、循环引用",
    "GK012": "`content/layouts/*.yml` 中的表式定义或 `content/layouts/pairings.yml` 中的预算决算配对有误，报告在文件中的位置；有误的表式或配对不可用",
    "GK020": "功能分类 3/5/7 位，经济分类 3/5 位",
    "GK031": "类 = Σ款，款 = Σ项",
    "GK033": "两侧总计相等，合计行 = 各行之和（如“三公”经费合计）",
    "GK034": "收入总表与支出总表同一科目，收支总表的类与支出表的类行，总表的合计与明细表的合计",
    "GK035": "disclosure.yml 写了 `projects_complete: true` 时检查",
    "GK036": "节的 `figures` 中声明的数字；名称与后缀（·上年、·增减、·增长率、·占比、·完成率）见 `generator/layouts/stated_figures.yml`",
    "GK037": "表式的 sums 中 `{list, column, equals}` 规则（equals 为数字或字段）",
    "GK052": "表单表式的 `ratios`：`{list, column, numerator, denominator}`、`{list, column, times, at_most}` 或 `{list, column, at_most}`",
    "GK050": "表式中 `sum_of` 或 `parts` 写了减项（`−本年支出合计`）的列、行和表单规则，identities.yml 中含减项的 `sum`",
    "GK040": "完整公开（`scope: full`）时检查",
    "GK041": "空表列示应注明原因",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _placeholder(text: str) -> str:
    return text.replace("{heading}", "〈表题〉").replace("{unit}", "〈单位〉")


def _source(kind: TableKind) -> str:
    return f"generator/layouts/kinds/{Path(kind.source).name}"


# ----- columns, rows, fields, sums -------------------------------------------------------------------------------


def _columns(columns: tuple[Column, ...]) -> list[str]:
    rows = []
    for c in columns:
        rows.append(
            [
                _code(c.id),
                c.label if c.label != c.id else "",
                c.group or "",
                TYPE_NAMES.get(c.type, c.type),
                show_terms(c.terms) + ("（差额，GK050）" if c.minus else "") if c.sum_of else "",
            ]
        )
    return _table(["列（键）", "表头（与键不同时）", "表头分组", "类型", "= 各列之和（或差额）"], rows)


def _class_list(rows: list[FixedRow], registry: Registry) -> str:
    names = tuple(r.id for r in rows)
    for name, classes in registry.class_lists.items():
        if tuple(c.name for c in classes) == names:
            return f"`classes.yml` 中 `{name}` 列表的 {len(names)} 个功能分类类级科目（键为类名，如“{names[0]}”）"
    return f"{len(names)} 个功能分类类级科目"


def _side_rows(side: Side, registry: Registry) -> list[str]:
    class_ids = [r.id for r in side.rows if r.class_code is not None]
    out: list[list[str]] = []
    rows = [r for r in side.body + side.footer if not r.is_blank]
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.class_code is not None:
            run = []
            while i < len(rows) and rows[i].class_code is not None:
                run.append(rows[i])
                i += 1
            out.append(["（各类）", _class_list(run, registry), "", ""])
            continue
        summed = "各类之和" if class_ids and list(row.sum_of) == class_ids else show_terms(row.terms)
        out.append([_code(row.id), row.label if row.label != row.id else "", "其中" if row.level else "", summed])
        i += 1
    return _table(["行（键）", "印刷的名称（与键不同时）", "层级", "= 各行之和"], out)


def _sum_rule(rule: SumRule) -> str:
    if rule.total is not None:
        quoted = tuple(Term(f"`{t.id}`", t.negative) for t in rule.terms)
        return f"`{rule.total}` = {show_terms(quoted)}（{'GK050' if rule.minus else 'GK030'}）"
    if rule.list is not None:
        per = f"（按第 {rule.group_by + 1} 列分组，每组）" if rule.group_by is not None else ""
        equals = rule.equals if rule.equals and rule.equals[0].isdigit() else f"`{rule.equals}`"
        return f"列表 `{rule.list}` 的“{rule.column}”列之和{per} = {equals}（GK037）"
    return ""


def _ratio_rule(rule: RatioRule) -> str:
    if rule.times:
        product = " × ".join(f"“{t}”" for t in rule.times)
        cap = f"，不超过“{rule.at_most}”" if rule.at_most else ""
        return (
            f"列表 `{rule.list}` 每行的“{rule.column}” = {product}{cap}（按所印小数位，容许百分比舍入造成的差；GK052）"
        )
    if rule.at_most is not None:
        return f"列表 `{rule.list}` 每行的“{rule.column}” ≤ “{rule.at_most}”（GK052）"
    return f"列表 `{rule.list}` 每行的“{rule.column}” = “{rule.numerator}” ÷ “{rule.denominator}”（%，按所印小数位；GK052）"


def _field_row(f: FormField) -> list[str]:
    what = TYPE_NAMES.get(f.type, f.type)
    if f.parts:
        what = f"映射：{'、'.join(f.parts)}（{what}）"
    flags = "、".join(x for x, on in (("必填", f.required), ("为空也印出", f.always)) if on)
    return [_code(f.key), f.label, what, PLACE_NAMES.get(f.place, f.place), flags]


def _list_row(x: FormList) -> list[str]:
    columns = "、".join(c.id if c.type == "text" else f"{c.id}（{TYPE_NAMES.get(c.type, c.type)}）" for c in x.columns)
    flags = ["必填"] if x.required else []
    flags += [f"消息中以“{x.names}”称呼各行"] if x.names else []
    return [_code(x.key), x.label, f"[{columns}]", "；".join(flags)]


# ----- one kind ------------------------------------------------------------------------------------------------------


def _kind_keys(kind: TableKind) -> list[str]:
    """The keys a table of this kind takes in a disclosure, besides the common ones."""
    spec = kind.spec
    if isinstance(spec, ClassifiedSpec):
        row = f"每行 `code`、`name` 和各列金额（{'、'.join(spec.column_ids)}）"
        if spec.groups:
            return [
                f"- `{g.id}`：{g.label}，含 `rows`（{row}）和 `total`（{g.total_label}，可省略）" for g in spec.groups
            ]
        return [
            f"- `rows`：科目行，按印刷顺序，{row}",
            f"- `total`：{spec.total_label}行（可省略：自动相加；写了则核对）",
        ]
    if isinstance(spec, FixedSpec):
        out = []
        for side in spec.sides:
            shape = "行 → 金额" if len(side.columns) == 1 else "行 → {列: 金额}"
            out.append(f"- `{side.id}`：{side.heading or '各行'}，映射（{shape}）；未写的行为空，合计行未写时自动相加")
        return out
    if isinstance(spec, FormSpec):
        return ["- 下列各节中字段和列表的键；字段写一个值（有分项的写映射），列表每行写一个 [..]，各格按列的顺序"]
    if isinstance(spec, GroupedItemsSpec):
        return [
            "- `total`：合计行（各列金额）",
            f"- `groups`：分组列表，每组 `{spec.group_label}`（组名）、`subtotal`（小计）和 `items`（条目，键为各列）",
        ]
    if isinstance(spec, ItemListSpec):
        out = [
            f"- `total`：{{{spec.total_column}: 金额}}，{spec.total_label}",
            f"- `rows`：条目，键为各列；`part_of_previous: true` 表示上一行的“其中”，不计入{spec.total_label}",
        ]
        if spec.date_field:
            out.append(f"- `{spec.date_field}`：{spec.date_label or spec.date_field}（日期）")
        return out
    assert isinstance(spec, GenericSpec)
    return [
        "- `title`：标题（必填）",
        "- `header`：表头行，单元格为文字或 `{text, colspan, rowspan}`",
        "- `rows`：表体行，单元格为文字或 `{text, colspan, rowspan}`",
        "- `numeric`：存放数字的列号（从 0 起），右对齐",
    ]


def _kind_body(kind: TableKind, registry: Registry) -> list[str]:
    spec = kind.spec
    out: list[str] = []
    if isinstance(spec, ClassifiedSpec):
        codes = "功能分类（3/5/7 位）" if spec.codes == "functional" else "经济分类（3/5 位）"
        split = "，编码分印在类、款、项列" if spec.split_codes else ""
        out += [f"科目：{codes}，表头“{spec.code_header}”{split}。", ""]
        if spec.groups:
            shown = "并排印刷（各组一块列，合计同在一行）" if spec.side_by_side else "上下相接印刷"
            out += [
                "分组："
                + "、".join(f"`{g.id}`（{g.total_label}）" for g in spec.groups)
                + f"，{shown}；各组分别核对。",
                "",
            ]
        out += ["列：", ""] + _columns(spec.columns)
        out += [
            "核对：每行按上表的列关系相加；上级科目 = 下级科目之和；"
            f"{spec.total_label} = 各类之和（GK030、GK031、GK032）。",
            "",
        ]
    elif isinstance(spec, FixedSpec):
        for side in spec.sides:
            out += [f"**`{side.id}`**{'（' + side.heading + '）' if side.heading else ''}的列：", ""]
            out += _columns(side.columns)
            out += [f"**`{side.id}`** 的行：", ""] + _side_rows(side, registry)
        if spec.transposed:
            out += ["印刷方式：转置，各行印成列，每个金额列印成一行。", ""]
        if spec.equal:
            out += ["核对相等（GK033）：" + "；".join(f"`{a}` = `{b}`" for a, b in spec.equal), ""]
    elif isinstance(spec, FormSpec):
        for n, section in enumerate(spec.sections, 1):
            caption = _placeholder(section.caption)
            out += [f"第 {n} 节：{caption}{'（无内容时不印）' if section.optional else ''}", ""]
            if section.fields:
                out += _table(["键", "名称", "值", "位置", "要求"], [_field_row(f) for f in section.fields])
            if section.rows:
                names = {f.key: f for f in section.fields}
                arranged = {"down": "各项上下排列", "across": "各项同在一行", "above": "各项名称并排在上、数值在下"}
                out += ["印刷的表格行（同一行内并排的字段，如原件）：", ""]
                out += [
                    "- "
                    + " ｜ ".join(
                        f"{names[k].label}" + (f"（{arranged[names[k].arrange]}）" if names[k].parts else "")
                        for k in row
                    )
                    for row in section.rows
                ]
                out += [""]
            if section.lists:
                out += _table(["键", "名称", "每行的列", "要求"], [_list_row(x) for x in section.lists])
        if spec.subject:
            out += [f"目录中以字段 `{spec.subject}` 称呼本表。", ""]
        if spec.amount:
            out += [f"金额：`{spec.amount}` 计入项目支出（GK035）。", ""]
        if spec.sums or spec.ratios:
            out += ["核对：", ""] + [f"- {_sum_rule(r)}" for r in spec.sums]
            out += [f"- {_ratio_rule(r)}" for r in spec.ratios] + [""]
    elif isinstance(spec, GroupedItemsSpec):
        out += ["列：", ""] + _columns(spec.columns)
        if spec.row_sum is not None:
            out += [f"核对每个条目：{_sum_rule(spec.row_sum)}", ""]
        out += [f"小计 = 各条目之和，合计 = 各组小计之和（GK031、GK032）：{'、'.join(spec.summed)}。", ""]
    elif isinstance(spec, ItemListSpec):
        out += ["列：", ""] + _columns(spec.columns)
        out += [f"核对（GK032）：{spec.total_label} = 各条目的“{spec.total_column}”之和（“其中”行除外）。", ""]
    return out


def kind_markdown(kind: TableKind, registry: Registry) -> list[str]:
    facts = [
        f"- 结构：`{kind.structure}`，{STRUCTURE_NAMES.get(kind.structure, kind.structure)}",
        f"- 定义：`{_source(kind)}`",
        f"- 完整公开必备：{'、'.join(kind.required_in)}" if kind.required_in else "- 完整公开必备：否（可选）",
        f"- 单位：{kind.unit}（表式规定）"
        if kind.unit
        else ("- 单位：公开的单位（`unit`）" if kind.show_unit else "- 单位：不显示（写了 `unit` 时显示）"),
    ]
    out = [f"### `{kind.id}` {kind.title} {{#{kind.id}}}", ""]
    if kind.description:
        out += [kind.description, ""]
    out += facts + [""]
    out += ["内容中的键（另有通用键 " + "、".join(f"`{k}`" for k in TABLE_KEYS) + "）：", ""]
    out += _kind_keys(kind) + [""]
    return out + _kind_body(kind, registry)


# ----- the pages -------------------------------------------------------------------------------------------------------


def layouts_markdown(registry: Registry | None = None) -> str:
    registry = registry or package_registry()
    by_file: dict[str, list[TableKind]] = {}
    for kind in registry.kinds.values():
        by_file.setdefault(_source(kind), []).append(kind)
    out = [
        "# 表式参考",
        "",
        GENERATED.format(source="`generator/layouts/kinds/*.yml`"),
        "",
        "每张表的 `table:` 写表式名。网站可以在内容目录的 `layouts/*.yml` 中新增表式，或以同名表式替换下列表式；"
        "表式文件与内容一样由 `gongkai check` 检查，问题以 `文件:行:列` 和问题代码报告（见[问题代码](codes.md)）。",
        "",
        "## 总览",
        "",
    ]
    out += _table(
        ["表式", "标题", "结构", "完整公开必备", "定义"],
        [
            [f"[`{k.id}`](#{k.id})", k.title, k.structure, "、".join(k.required_in), Path(k.source).name]
            for k in registry.kinds.values()
        ],
    )
    out += (
        ["## 通用键", "", "每张表都可以写："] + [""] + [f"- `{k}`：{COMMON_TABLE_KEYS.get(k, '')}" for k in TABLE_KEYS]
    )
    out += [""]
    for source, kinds in by_file.items():
        out += [f"## {Path(source).name}", ""]
        for kind in kinds:
            out += kind_markdown(kind, registry)
    out += _language()
    return "\n".join(out).rstrip("\n") + "\n"


def _language() -> list[str]:
    """The keys of the layout language itself, from the loader's own lists."""
    out = ["## 表式语言", "", "一个表式文件是映射：表式名 → 定义。每个定义可写的键：", ""]
    out += [f"- 通用：{'、'.join(f'`{k}`' for k in COMMON_KEYS)}"]
    out += [
        f"- `structure: {s}`：{'、'.join(f'`{k}`' for k in keys) or '（无）'}" for s, keys in STRUCTURE_KEYS.items()
    ]
    out += [
        "",
        f"列（`columns` 的一项）可写 {'、'.join(f'`{k}`' for k in COLUMN_KEYS)}；"
        f"表单字段可写 {'、'.join(f'`{k}`' for k in FIELD_KEYS)}；"
        f"表单列表可写 {'、'.join(f'`{k}`' for k in LIST_KEYS)}"
        "（`names`：核对消息中称呼一行所用的列，如 `三级指标`；不写时用第一列）；"
        f"表单 `ratios` 的一项可写 {'、'.join(f'`{k}`' for k in RATIO_KEYS)}"
        "（`times: [执行率, 分值]` 声明乘积：得分 = 执行率 × 分值，加 `at_most` 则不超过该列）。"
        "固定表的行可写 `strong: true`：与求和的同级行（如“三公”经费表的“一、”“二、”）一样印成粗体；"
        "不写时有 `sum_of` 的行印成粗体。",
        "类型：" + "、".join(f"`{t}`（{n}）" for t, n in TYPE_NAMES.items()) + "。",
        "",
        "列和行的 `sum_of`、表单 `sums` 的 `parts` 中，写成 `−名称`（或 `-名称`）的一项是减项："
        "`{id: 年末结转和结余, sum_of: [年初结转和结余, 本年收入, −本年支出合计]}` 声明差额关系"
        "（年初 + 收入 − 支出 = 年末）。差额只核对、不自动填写，按所写的 n 个数各自舍入的界限（⌊n/2⌋ 个最小单位）"
        "判断是否可能是舍入所致，问题代码 GK050。",
        "",
        "表单的一节可写 `rows`，按原件的样式把字段排成表格行：每一行是并排印出的字段键的列表"
        "（`[code, name]` 印成“项目编码 ｜ … ｜ 项目名称 ｜ …”）。本节印在表中的每个字段恰好出现在一行中；"
        "未知的字段、出现两次的字段或不在任何一行中的字段都是 GK012。"
        "有 `parts` 的字段用 `arrange` 说明各项的排法：`down`（默认，字段名跨各项所在的行，每行一项）、"
        "`across`（字段名和各项的名称、数值同在一行）、`above`（字段名跨两行，各项名称并排在上、数值在下）；"
        "`down` 和 `above` 的字段独占一行。不写 `rows` 时每个字段（每一项）印成一行“名称 ｜ 数值”。"
        "网页在手机上把并排的字段逐对上下排列；CSV 和 XLSX 按印出的表格行导出。",
        "",
    ]
    return out


def codes_markdown() -> str:
    out = [
        "# 问题代码",
        "",
        GENERATED.format(source="`generator/diagnostics.py` 的 `CODES`"),
        "",
        "`gongkai check` 报告的每个问题都有一个代码，格式为 `文件:行:列: error|warning 代码: 说明`（见[检查](../check.md)）。"
        "`gongkai check --codes` 列出同一份清单。",
        "",
    ]
    out += _table(["代码", "含义", "说明"], [[code, meaning, DETAILS.get(code, "")] for code, meaning in CODES.items()])
    return "\n".join(out).rstrip("\n") + "\n"


PAGES: dict[str, Callable[[], str]] = {"layouts.md": layouts_markdown, "codes.md": codes_markdown}


def generate() -> dict[str, str]:
    return {name: page() for name, page in PAGES.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.reference", description="生成手册的参考页")
    parser.add_argument("--check", action="store_true", help="只比较，不写入；有差异时退出码为 1")
    parser.add_argument("--output", type=Path, default=REFERENCE, help="输出目录（默认 docs/reference）")
    args = parser.parse_args(argv)
    stale = []
    for name, text in generate().items():
        path = args.output / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'过期' if args.check else '已写入'}：{path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
