"""Limits on what content may ask of the loader, checked before and while parsing.

Each is far above what a real disclosure needs (the largest example file is 40 KB, nests 8
levels and uses no alias) and far below what would exhaust memory, the stack or the time of
a build. Going over one is a located error in the content, never a crash.
"""

from __future__ import annotations

MAX_FILE_BYTES = 4 * 1024 * 1024  # one YAML file
MAX_DEPTH = 64  # nested mappings and lists (the C parser's composer would overflow the stack)
MAX_ALIASES = 200  # *alias references in one file
MAX_ALIAS_NODES = 20_000  # values the aliases of one file stand for, counted expanded (billion laughs)
MAX_INCLUDE_DEPTH = 8  # include inside include …
MAX_INCLUDES = 1_000  # files one disclosure reads
MAX_FIGURE_DIGITS = 30  # digits of one figure: exact sums of any number of them (see money.PRECISION)
MAX_PATH_CHARS = 1_024  # an include path
