"""YAML events → located values, one event at a time: no recursion, and every limit checked on the way.

PyYAML's own composers recurse once per nesting level (the C one overflows the stack and
crashes at some ten thousand levels) and expand aliases without bound. Reading the parser's
event stream instead, depth, alias count and alias expansion are counted as they arrive and the
first one over its limit stops the parse with a located error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from generator.diagnostics import Location
from generator.load.limits import MAX_ALIAS_NODES, MAX_ALIASES, MAX_DEPTH
from generator.load.nodes import DuplicateKey, LocDict, LocList, LocStr, YamlError

_NULLS = {"", "~", "null", "Null", "NULL"}


class _Open:
    """A mapping or list being filled."""

    __slots__ = ("value", "loc", "anchor", "weight", "key", "key_loc", "is_list")

    def __init__(self, value: LocDict | LocList, loc: Location, anchor: str | None) -> None:
        self.value: Any = value
        self.loc = loc
        self.anchor = anchor
        self.weight = 1  # values it holds, aliases counted expanded
        self.key: str | None = None  # a mapping's key waiting for its value
        self.key_loc: Location | None = None
        self.is_list = isinstance(value, LocList)


@dataclass
class _Anchored:
    value: Any
    weight: int
    key_text: str | None  # the raw text when it is a scalar (usable as a key)


_SCALAR, _START, _END, _ALIAS, _DOCUMENT = range(5)
_KINDS = {
    yaml.ScalarEvent: _SCALAR,
    yaml.MappingStartEvent: _START,
    yaml.SequenceStartEvent: _START,
    yaml.MappingEndEvent: _END,
    yaml.SequenceEndEvent: _END,
    yaml.AliasEvent: _ALIAS,
    yaml.DocumentStartEvent: _DOCUMENT,
}


class Composer:
    """Feed it a stream's events; ``root`` is then the document's value (``None`` when empty)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.root: Any = None
        self._stack: list[_Open] = []
        self._anchors: dict[str, _Anchored] = {}
        self._open_anchors: set[str] = set()
        self._aliases = 0
        self._alias_nodes = 0
        self._documents = 0

    def _loc(self, event: yaml.Event) -> Location:
        mark = event.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1) if mark else Location(self.path, 0, 0)

    def run(self, next_event: Callable[[], Any]) -> None:
        """Feed every event ``next_event`` gives until it gives ``None`` (a parser's ``get_event``).

        The same as :meth:`feed` for each, with the most frequent events (a scalar in a mapping or a
        list) handled here: a file of a disclosure has tens of thousands of them."""
        path, stack, kinds, nulls, feed = self.path, self._stack, _KINDS, _NULLS, self.feed
        scalar = _SCALAR
        while (event := next_event()) is not None:
            if kinds.get(type(event)) is not scalar or event.anchor or not stack:
                feed(event)
                continue
            mark = event.start_mark
            loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 0, 0)
            text = event.value
            parent = stack[-1]
            parent.weight += 1
            container = parent.value
            if parent.is_list:
                container.append(None if not event.style and text in nulls else LocStr(text, loc))
                container.item_locs.append(loc)
            elif parent.key is None:
                if text in container:
                    first = container.key_locs[text]
                    raise DuplicateKey(loc, f"键“{text}”重复（第一次出现在第 {first.line} 行）")
                parent.key, parent.key_loc = text, loc
            else:
                key = parent.key
                container[key] = None if not event.style and text in nulls else LocStr(text, loc)
                container.key_locs[key] = parent.key_loc
                container.value_locs[key] = loc
                parent.key = None

    def feed(self, event: yaml.Event) -> None:
        kind = _KINDS.get(type(event))
        if kind == _SCALAR:
            assert isinstance(event, yaml.ScalarEvent)
            loc = self._loc(event)
            value = None if not event.style and event.value in _NULLS else LocStr(event.value, loc)
            if event.anchor:
                self._anchors[event.anchor] = _Anchored(value, 1, event.value)
            self._add(value, loc, 1, event.value)
        elif kind == _START:
            assert isinstance(event, yaml.CollectionStartEvent)
            self._start(event)
        elif kind == _END:
            done = self._stack.pop()
            if done.anchor:
                self._open_anchors.discard(done.anchor)
                self._anchors[done.anchor] = _Anchored(done.value, done.weight, None)
            self._add(done.value, done.loc, done.weight, None)
        elif kind == _ALIAS:
            assert isinstance(event, yaml.AliasEvent)
            self._alias(event)
        elif kind == _DOCUMENT:
            self._documents += 1
            if self._documents > 1:
                raise YamlError(self._loc(event), "一个文件只能有一个 YAML 文档（“---”之后又开始了一个）")

    def _start(self, event: yaml.CollectionStartEvent) -> None:
        loc = self._loc(event)
        if self._stack and isinstance(self._stack[-1].value, LocDict) and self._stack[-1].key is None:
            raise YamlError(loc, "键必须是文字，不能是列表或映射")
        if len(self._stack) >= MAX_DEPTH:
            raise YamlError(loc, f"列表和映射嵌套过深（最多 {MAX_DEPTH} 层）")
        value: LocDict | LocList
        if isinstance(event, yaml.MappingStartEvent):
            value = LocDict()
            value.key_locs, value.value_locs = {}, {}
        else:
            value = LocList()
            value.item_locs = []
        value.loc = loc
        if event.anchor:
            self._open_anchors.add(event.anchor)
        self._stack.append(_Open(value, loc, event.anchor))

    def _alias(self, event: yaml.AliasEvent) -> None:
        loc = self._loc(event)
        name = event.anchor or ""
        if name in self._open_anchors:
            raise YamlError(loc, f"别名“*{name}”引用了包含它自己的锚点“&{name}”（无限循环）")
        anchored = self._anchors.get(name)
        if anchored is None:
            raise YamlError(loc, f"引用了未定义的锚点（*{name}）")
        self._aliases += 1
        self._alias_nodes += anchored.weight
        if self._aliases > MAX_ALIASES:
            raise YamlError(loc, f"别名（*名称）过多：一个文件最多 {MAX_ALIASES} 个")
        if self._alias_nodes > MAX_ALIAS_NODES:
            raise YamlError(loc, f"别名展开后的值过多（超过 {MAX_ALIAS_NODES} 个）：是否是层层引用的“别名炸弹”？")
        self._add(anchored.value, loc, anchored.weight, anchored.key_text)

    def _add(self, value: Any, loc: Location, weight: int, key_text: str | None) -> None:
        if not self._stack:
            self.root = value
            return
        parent = self._stack[-1]
        parent.weight += weight
        container = parent.value
        if parent.is_list:
            container.append(value)
            container.item_locs.append(loc)
        elif parent.key is None:
            if key_text is None:
                raise YamlError(loc, "键必须是文字，不能是列表或映射")
            if key_text in container:
                first = container.key_locs[key_text]
                raise DuplicateKey(loc, f"键“{key_text}”重复（第一次出现在第 {first.line} 行）")
            parent.key, parent.key_loc = key_text, loc
        else:
            key = parent.key
            container[key] = value
            container.key_locs[key] = parent.key_loc
            container.value_locs[key] = loc
            parent.key = None
