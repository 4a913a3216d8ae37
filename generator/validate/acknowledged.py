"""Errors of a published document that its publisher keeps as published (``acknowledged:``).

A published figure is never changed; when the approved document disagrees with itself,
the publisher says so once, with a reason. Each matching error of that disclosure is then
reported as a warning that carries the reason (so the site can be built), and an
acknowledgement that matches nothing is itself reported, so the list cannot go stale.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from generator.diagnostics import Reporter, Severity
from generator.model.document import Disclosure


def apply_acknowledgements(disclosure: Disclosure, reporter: Reporter) -> None:
    folder = str(PurePath(disclosure.loc.path).parent) + "/"
    for ack in disclosure.acknowledged:
        matched = False
        for i, d in enumerate(reporter.items):
            if (
                d.severity is Severity.ERROR
                and d.code == ack.code
                and ack.about in d.message
                and d.location.path.startswith(folder)
            ):
                reporter.replace(
                    i, replace(d, severity=Severity.WARNING, message=f"{d.message}（已确认按原文保留：{ack.reason}）")
                )
                matched = True
        if not matched:
            reporter.warning(ack.loc, "GK038", f"acknowledged 中的 {ack.code}“{ack.about}”没有对应的错误，请删去这一项")
