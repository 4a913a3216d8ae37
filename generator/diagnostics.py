"""Problems found in content, reported as ``path:line:col: severity GKnnn: message``.

Codes are stable: tests, documentation and users' scripts refer to them.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file (1-based line and column)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# Every diagnostic code with a one-line meaning; `gongkai check --codes` prints this list.
CODES: dict[str, str] = {
    "GK001": "YAML 语法错误",
    "GK002": "文件无法读取或缺失",
    "GK003": "未知的键（可能是拼写错误）",
    "GK004": "缺少必填项",
    "GK005": "类型错误",
    "GK006": "取值不在允许范围内",
    "GK007": "金额格式错误",
    "GK008": "日期格式错误",
    "GK009": "include 引用错误",
    "GK010": "重复的公开（同一部门、年度、类型）",
    "GK011": "目录名不合规",
    "GK012": "表式（layouts）定义错误",
    "GK020": "科目编码格式错误",
    "GK021": "科目编码重复",
    "GK022": "上级科目缺失",
    "GK023": "同一科目在不同表中名称不同",
    "GK024": "一行的单元格数与表式不符",
    "GK030": "行内合计与各分项之和不符",
    "GK031": "上级科目与下级科目之和不符",
    "GK032": "合计行与各类之和不符",
    "GK033": "收支总表两侧或总计关系不符",
    "GK034": "同一数字在两张表中不同（同一科目的金额，或一张表的合计抄到另一张表）",
    "GK035": "项目支出与项目绩效目标表预算之和不符",
    "GK036": "情况说明中的数字与表内数字不符（空白不等于 0），或未出现在该节文字中",
    "GK037": "表内一列之和与规定的总数不符（如指标权重或分值之和不为 100）",
    "GK038": "确认按原文保留的问题（acknowledged）没有出现",
    "GK039": "政府采购金额与货物、工程、服务采购金额之和不符",
    "GK040": "缺少《地方预决算公开操作规程》要求的表或说明",
    "GK041": "空表未附说明",
    "GK042": "基本支出与人员经费、公用经费（或机关运行经费）不符，或各表的基本支出不一致",
    "GK043": "“三公”经费与其各项之和或经济分类科目（30217、30231）不符",
    "GK044": "收入总计或本年收入合计与各项收入之和不符",
    "GK045": "支出总计或本年支出合计与基本支出、项目支出之和，或与各功能分类类级支出之和不符",
    "GK046": "情况说明中同一数字前后不一",
    "GK047": "占比与金额不符，或占比的基数为 0",
    "GK048": "较上年增减或增长率与金额不符，或以 0 为基数写了增长率",
    "GK049": "完成率与决算数、预算数不符，或年初预算为 0 时仍写完成年初预算的比例",
    "GK050": "差额关系不符：年初结转和结余＋本年收入－本年支出与年末结转和结余不符（表式中含减项的规则）",
    "GK051": "情况说明中类、款（或支出合计）的金额与文中所写下级科目（款、项）之和不符",
    "GK052": "表单列表中的比率与所据数字不符（如执行率 = 执行数 ÷ 预算数），或得分超过分值",
}


MAX_MESSAGE = 1000  # characters of a printed message; a longer quoted value is cut


@dataclass(frozen=True, order=True)
class Diagnostic:
    location: Location
    severity: Severity = field(compare=False)
    code: str = field(compare=True)
    message: str = field(compare=True)

    def format(self) -> str:
        """One line, whatever the message quotes (a value with line breaks, a value of 100,000 characters)."""
        message = "↵".join(self.message.splitlines())  # \n, \r, \u2028, \x85, …: every line break
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        return f"{self.location}: {self.severity.value} {self.code}: {message}"


class Reporter:
    """Collects diagnostics; validation never stops at the first problem."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []
        # what ``items`` holds, to drop a repeated diagnostic without scanning them all (thousands at
        # province scale); rebuilt when ``items`` was changed from outside (``extend``, a replaced item)
        self._known: set[Diagnostic] = set()
        self._known_count = 0

    def error(self, location: Location, code: str, message: str) -> None:
        self._add(location, Severity.ERROR, code, message)

    def warning(self, location: Location, code: str, message: str) -> None:
        self._add(location, Severity.WARNING, code, message)

    def _add(self, location: Location, severity: Severity, code: str, message: str) -> None:
        assert code in CODES, code
        diagnostic = Diagnostic(location, severity, code, message)
        if self._known_count != len(self.items):
            self._known, self._known_count = set(self.items), len(self.items)
        if diagnostic in self._known and diagnostic in self.items:  # (replaced since: the list decides)
            return
        self.items.append(diagnostic)
        self._known.add(diagnostic)
        self._known_count += 1

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Add what another reporter found (one disclosure's, loaded by itself), repeats dropped as ever."""
        for d in diagnostics:
            self._add(d.location, d.severity, d.code, d.message)

    def replace(self, index: int, diagnostic: Diagnostic) -> None:
        """Put ``diagnostic`` in place of the ``index``-th one (an acknowledged error becomes a warning)."""
        self.items[index] = diagnostic
        self._known.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items)


def relative_path(path: Path, root: Path, *, resolved: bool = False) -> str:
    """Show paths relative to the working directory when possible, as compilers do.

    ``resolved``: ``path`` has no symlink left (an include, found by :func:`Path.resolve`)."""
    try:  # where the file is written, not where a symlink leads (nor a loop: RuntimeError)
        if not resolved:
            path = path.parent.resolve() / path.name
        return str(path.relative_to(os.getcwd()))  # (the kernel's working directory has no symlinks)
    except (ValueError, OSError, RuntimeError):
        try:
            return str(path.relative_to(root.resolve().parent))
        except (ValueError, OSError, RuntimeError):
            return str(path)
