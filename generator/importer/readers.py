"""Every structure's reader, by the structure name of the layout language (layouts/spec.py)."""

from __future__ import annotations

from collections.abc import Callable

from generator.importer.extract import READERS as TABLE_READERS
from generator.importer.extract import Attempt, Context
from generator.importer.forms import read_form, read_generic, read_grouped_items
from generator.layouts.spec import TableKind

Reader = Callable[[Context, TableKind], Attempt]

# tried on every sheet: the sheet is the kind whose reader fits best
READERS: dict[str, Reader] = {**TABLE_READERS, "form": read_form, "grouped_items": read_grouped_items}
# fits any table: taken only when no other kind does (or when --table names it)
FALLBACK: dict[str, Reader] = {"generic": read_generic}
