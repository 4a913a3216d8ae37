"""What 《地方预决算公开操作规程》(财预〔2016〕143号) requires of a full 部门预算公开."""

from __future__ import annotations

from generator.diagnostics import Reporter
from generator.layouts import Registry
from generator.model.document import Disclosure
from generator.model.tables import ClassifiedTable

# Explanations a full disclosure must carry, by section topic.
REQUIRED_TOPICS = {
    "机关运行经费": "机关运行经费安排情况",
    "三公经费": "财政拨款“三公”经费预算情况及增减变化原因",
    "绩效目标": "绩效目标",
    "政府采购": "政府采购预算情况",
    "国有资产": "国有资产信息",
    "名词解释": "名词解释",
}


def check_completeness(disclosure: Disclosure, reporter: Reporter, registry: Registry) -> None:
    for table in disclosure.tables():
        if isinstance(table, ClassifiedTable) and table.is_empty and not table.note:
            reporter.warning(table.loc, "GK041", f"{table.title}是空表：请附说明（如“注：无……预算，空表列示。”）")
    if disclosure.scope != "full":
        return
    kinds = {t.kind.id for t in disclosure.tables()}
    for kind in registry.required_in(disclosure.kind):
        if kind.id not in kinds:
            reporter.error(
                disclosure.loc,
                "GK040",
                f"完整的部门{disclosure.kind}公开缺少《{kind.title}》（table: {kind.id}）；没有数据的表也要空表列示",
            )
    topics = {s.topic for s in disclosure.sections()}
    for topic, explanation in REQUIRED_TOPICS.items():
        if topic not in topics:
            reporter.error(
                disclosure.loc,
                "GK040",
                f"完整的部门{disclosure.kind}公开缺少“{explanation}”的说明（需要一节 topic: {topic}）",
            )
