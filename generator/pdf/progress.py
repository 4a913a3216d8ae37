"""Progress: a bar on a terminal (rich), one plain line per document otherwise (CI, logs, tests)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def interactive() -> bool:
    return sys.stdout.isatty() and not os.environ.get("CI")


class Progress:
    def __init__(self, total: int, log: Callable[[str], None], bar: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.log = log
        self._bar = None
        if bar if bar is not None else interactive():
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("PDF"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                transient=False,
            )
            self._task = self._bar.add_task("", total=total)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, message: str) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=message)
            self._bar.console.print(f"  {message}")
        else:
            self.log(f"PDF [{self.done}/{self.total}] {message}")
