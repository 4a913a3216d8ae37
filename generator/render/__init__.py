"""Stage 4 — render: model objects → view objects (grids, page plans) → HTML through Jinja.

Templates receive ready-made views: every figure is already formatted and every merged
cell already has its span, so templates do no arithmetic and no formatting of their own.
"""
