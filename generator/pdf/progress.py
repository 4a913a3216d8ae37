"""Progress of long work: a bar on a terminal (rich), plain lines in CI and logs."""

from __future__ import annotations

import sys
from collections.abc import Callable


class Progress:
    def __init__(self, total: int, label: str, log: Callable[[str], None] = print) -> None:
        self.total = total
        self.done = 0
        self.log = log
        self._bar = None
        if sys.stdout.isatty() and log is print:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), transient=False)
            self._bar.start()
            self._task = self._bar.add_task(label, total=total)

    def advance(self, message: str) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=message)
        else:
            self.log(f"[{self.done}/{self.total}] {message}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
