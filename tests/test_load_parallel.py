"""The disclosures loaded and checked by two processes (issue 15: both cores of the server load the
content): the same model and the same diagnostics as one process, a duplicate found across them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in a process of its own: a fork is refused while another thread runs (the browser tests'
# server), and this test must see the workers load.
SCRIPT = """
import sys
from pathlib import Path
from generator import pipeline
root = Path(sys.argv[1])
one = pipeline.load_content(root, jobs=1)
two = pipeline.load_content(root, jobs=2)
made = pipeline._load_many(pipeline.disclosure_files(root), root, two.registry, 2)
print("workers", all(pickled is not None for _, pickled in made))
print("diagnostics", [d.format() for d in one.reporter.sorted()] == [d.format() for d in two.reporter.sorted()])
print("model", one.disclosures == two.disclosures and len(one.disclosures) == 12)
print("GK010", sum(" error GK010: " in d.format() for d in two.reporter.items))
# each table given back the registry's layout, not a copy per disclosure (memory at province scale)
print("layouts", all(t.kind is two.registry.kinds[t.kind.id] for d in two.disclosures for t in d.tables()))
"""


def test_two_processes_load_what_one_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "site.yml", content / "site.yml")
    for source in sorted((ROOT / "content").glob("*/*/disclosure.yml")):
        for n in range(2):  # 12 disclosures: enough for the workers
            copy = content / source.parent.parent.name / f"{source.parent.name}-{n}"
            shutil.copytree(source.parent, copy)
            text = (copy / "disclosure.yml").read_text(encoding="utf-8")
            text = re.sub(r"(\n  name: )(\S+)", rf"\g<1>\g<2>（副本{n}）", text, count=1)
            (copy / "disclosure.yml").write_text(text, encoding="utf-8")
    # the same department's year published twice, the copies loaded by different workers
    shutil.copytree(content / "2025" / "xinglong-sifaju-0", content / "2025" / "xinglong-sifaju-9")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["workers True", "diagnostics True", "model True", "GK010 1", "layouts True"], (
        run.stdout
    )
