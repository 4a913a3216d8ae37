"""What a Chromium print tells, read in one parse: where every named destination fell, the page
count, and Chromium's own outline of the headings.

Read with pikepdf (qpdf parses in C++): the print is read once per document, for the page breaks'
check (paginate.py), the 目录's numbers and the outline (toc.py); pypdf read it four times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

import pikepdf
from pikepdf import Name


@dataclass
class Reading:
    places: dict[str, tuple[int, float]] = field(default_factory=dict)  # anchor → (1-based page, depth 0…1)
    count: int = 0  # pages
    outline: list[tuple[str, int]] = field(default_factory=list)  # (title without spaces, page), in order

    @property
    def pages(self) -> dict[str, int]:
        return {name: place[0] for name, place in self.places.items()}


def _plain(text: str) -> str:
    return "".join(str(text).split())


def _page_of(destination: object, index: dict[tuple[int, int], int]) -> int | None:
    if not isinstance(destination, pikepdf.Array) or len(destination) == 0:
        return None
    target = destination[0]
    if not isinstance(target, pikepdf.Dictionary) or not target.is_indirect:
        return None
    return index.get(target.objgen)


def read(data: bytes) -> Reading:
    """The named destinations' places (how far down its page each starts: 0 at the top, 1 at the
    bottom, as Chromium writes it), the page count and the outline of ``data``."""
    found = Reading()
    with pikepdf.open(BytesIO(data)) as pdf:
        index: dict[tuple[int, int], int] = {}
        heights: list[float] = []
        for at, page in enumerate(pdf.pages):
            index[page.obj.objgen] = at
            box = page.mediabox
            heights.append(float(box[3]) - float(box[1]))
        found.count = len(heights)
        dests = pdf.Root.get(Name.Dests)
        if isinstance(dests, pikepdf.Dictionary):
            for name, dest in dests.items():
                number = _page_of(dest, index)
                if number is None:
                    continue
                top = dest[3] if len(dest) > 3 and dest[1] == Name.XYZ else None
                height = heights[number]
                depth = (height - float(top)) / height if isinstance(top, (int, Decimal)) else 0.0
                found.places[str(name).lstrip("/")] = (number + 1, depth)
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                where = _page_of(item.destination, index)
                if where is not None:
                    found.outline.append((_plain(item.title or ""), where + 1))
                stack.extend(reversed(item.children))
    return found
