"""The site's CSS, scripts and icon, copied from ``site_templates/assets``."""

from __future__ import annotations

import shutil

from generator.steps import Output


def run(output: Output) -> None:
    shutil.copytree(output.templates / "assets", output.staging / "assets", dirs_exist_ok=True)
