"""`gongkai build --output X` only ever replaces what Gongkai made, in one atomic step, one build at a time."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest

import generator.steps.search as search_step
import generator.write.output_dir as output_dir
from generator.build import build
from generator.cli import main
from generator.write.output_dir import MARK, OutputRefused, check_target, lock_path


def _quiet(*_args) -> None:
    pass


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry below ``root`` (itself included) with its kind, size, content and mtime."""
    entries: dict[str, tuple] = {}
    for path in [root, *sorted(root.rglob("*"))]:
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
        entries[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), info.st_size, data, info.st_mtime_ns)
    return entries


@pytest.fixture(autouse=True)
def no_search_index(monkeypatch) -> None:
    """Pagefind is not what these tests are about: skip it so each build takes a fraction of a second."""
    monkeypatch.setattr(search_step, "index_search", lambda _target: None)


@pytest.fixture
def project(tmp_path: Path, check_minimal, monkeypatch) -> Path:
    """A working directory holding ``content/`` (a clean disclosure), a file and an unrelated folder."""
    content = check_minimal()
    assert content == tmp_path / "content"
    (tmp_path / "notes.txt").write_text("不要删除\n", encoding="utf-8")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"\xff\xd8 not really")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".bashrc").write_text("# mine\n")
    return tmp_path


def refused(capsys, project: Path, output: str, *expected: str) -> None:
    """``gongkai build content --output <output>`` exits 2, says why, and touches nothing at all."""
    before = snapshot(project)
    code = main(["build", str(project / "content"), "--no-pdf", "--output", output])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("gongkai：拒绝生成：") and "未做任何改动" in err
    for text in expected:
        assert text in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(project) == before


def test_refuses_the_content_directory(capsys, project: Path) -> None:
    refused(capsys, project, "content", "内容目录")


def test_refuses_a_directory_containing_the_content(capsys, project: Path) -> None:
    os.chdir(project / "photos")  # so that it is not also the working directory
    refused(capsys, project, str(project), "内容目录")
    os.chdir(project)


def test_refuses_the_current_directory_and_its_parents(capsys, project: Path) -> None:
    os.chdir(project / "photos")
    refused(capsys, project, ".", "当前目录")
    (project / "photos" / "deeper").mkdir()
    os.chdir(project / "photos" / "deeper")
    refused(capsys, project, "..", "当前目录")
    refused(capsys, project, str(project / "photos"), "当前目录")


def test_refuses_the_home_directory(capsys, project: Path) -> None:
    refused(capsys, project, str(project / "home"), "主目录")


def test_refuses_the_root_directory() -> None:
    # Checked on the function alone: nothing that could touch / is ever run.
    with pytest.raises(OutputRefused, match="根目录"):
        check_target(Path("/"), Path("/nonexistent/content"), cwd=Path("/nonexistent"), home=Path("/nonexistent"))
    with pytest.raises(OutputRefused, match="根目录"):
        check_target(Path("/tmp/.."), Path("/nonexistent/content"), cwd=Path("/nonexistent"), home=Path("/nonexistent"))


def test_refuses_an_empty_output_argument(capsys, project: Path) -> None:
    refused(capsys, project, "", "不能为空")
    refused(capsys, project, "  ", "不能为空")


def test_refuses_a_file(capsys, project: Path) -> None:
    refused(capsys, project, "notes.txt", "是一个文件")


def test_refuses_a_foreign_directory(capsys, project: Path) -> None:
    refused(capsys, project, "photos", "不是 Gongkai 生成的", MARK)


def test_refused_by_build_itself(project: Path) -> None:
    """``build()`` refuses on its own too (exit status 2), not only the command line."""
    before = snapshot(project)
    messages: list[str] = []
    assert build(project / "content", project / "photos", pdf=False, log=messages.append) == (2, None)
    assert any("不是 Gongkai 生成的" in m for m in messages)
    assert snapshot(project) == before


def test_an_empty_or_missing_directory_is_fine(project: Path) -> None:
    (project / "empty").mkdir()
    assert build(project / "content", project / "empty", pdf=False, log=_quiet)[0] == 0
    assert (project / "empty" / "index.html").is_file()
    assert build(project / "content", project / "new" / "site", pdf=False, log=_quiet)[0] == 0
    assert (project / "new" / "site" / MARK).is_file()


def test_replaces_its_own_output_and_never_an_old_folder(project: Path) -> None:
    (project / "output.old").mkdir()
    (project / "output.old" / "keep.txt").write_text("mine")
    (project / "output.tmp-notmine").mkdir()
    (project / "output.tmp-notmine" / "keep.txt").write_text("mine")
    before = snapshot(project / "output.old"), snapshot(project / "output.tmp-notmine")
    assert build(project / "content", project / "output", pdf=False, log=_quiet)[0] == 0
    (project / "output" / "stray.html").write_text("from the previous build")
    assert build(project / "content", project / "output", pdf=False, log=_quiet)[0] == 0
    assert not (project / "output" / "stray.html").exists()
    assert (project / "output" / MARK).is_file()
    assert (snapshot(project / "output.old"), snapshot(project / "output.tmp-notmine")) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("output")) == [
        "output",
        "output.old",
        "output.tmp-notmine",
    ]


def test_the_swap_is_one_exchange(project: Path, monkeypatch) -> None:
    """The new tree takes the old one's place in one renameat2(RENAME_EXCHANGE): output/ always exists."""
    output = project / "output"
    assert build(project / "content", output, pdf=False, log=_quiet)[0] == 0
    old_inode = output.stat().st_ino
    seen: list[bool] = []
    shutil_module = shutil  # the module output_dir removes trees with
    real_rmtree = shutil_module.rmtree

    def rmtree(path, *args, **kwargs):
        if Path(path).parent == output.parent:  # a tree beside output/ (not a folder inside the new one)
            seen.append((output / "index.html").is_file())  # the new site is in place before the old one goes
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil_module, "rmtree", rmtree)
    exchanged: list[tuple[Path, Path]] = []
    real_exchange = output_dir._exchange

    def exchange(a: Path, b: Path) -> bool:
        exchanged.append((a, b))
        return real_exchange(a, b)

    monkeypatch.setattr(output_dir, "_exchange", exchange)
    assert build(project / "content", output, pdf=False, log=_quiet)[0] == 0
    assert len(exchanged) == 1 and exchanged[0][1] == output
    assert seen == [True]
    assert output.stat().st_ino != old_inode
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("output")) == ["output"]


def test_the_fallback_without_exchange(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(output_dir, "_exchange", lambda a, b: False)
    output = project / "output"
    assert build(project / "content", output, pdf=False, log=_quiet)[0] == 0
    (output / "stray.html").write_text("old")
    assert build(project / "content", output, pdf=False, log=_quiet)[0] == 0
    assert not (output / "stray.html").exists() and (output / "index.html").is_file()
    (project / "empty").mkdir()
    assert build(project / "content", project / "empty", pdf=False, log=_quiet)[0] == 0
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(("output", "empty"))) == ["empty", "output"]


def test_stale_staging_directories_of_killed_builds_are_removed(project: Path) -> None:
    output = project / "output"
    assert build(project / "content", output, pdf=False, log=_quiet)[0] == 0
    stale = project / "output.tmp-k1ll3d"
    stale.mkdir()
    (stale / MARK).write_text("")
    (stale / "index.html").write_text("half written")
    assert build(project / "content", output, pdf=False, log=_quiet)[0] == 0
    assert not stale.exists()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("output")) == ["output"]


def test_a_second_build_waits_for_the_first(project: Path) -> None:
    output = project / "output"
    lock = os.open(lock_path(output), os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # another build is writing
    messages: list[str] = []
    results: list[tuple] = []
    second = threading.Thread(
        target=lambda: results.append(build(project / "content", output, pdf=False, log=messages.append))
    )
    second.start()
    deadline = time.monotonic() + 10
    while not messages and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    assert any("正在写入" in m for m in messages), messages
    assert not results and not output.exists()
    os.close(lock)  # the first build finished
    second.join(30)
    assert results and results[0][0] == 0
    assert (output / "index.html").is_file()


def test_the_built_tree_is_world_readable(project: Path) -> None:
    previous = os.umask(0o022)
    try:
        assert build(project / "content", project / "output", pdf=False, log=_quiet)[0] == 0
    finally:
        os.umask(previous)
    output = project / "output"
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [output, *output.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    modes = {stat.S_IMODE(p.stat().st_mode) for p in output.rglob("*") if p.is_file()}
    assert modes == {0o644}


def test_the_umask_is_respected(project: Path) -> None:
    previous = os.umask(0o077)
    try:
        assert build(project / "content", project / "output", pdf=False, log=_quiet)[0] == 0
    finally:
        os.umask(previous)
    output = project / "output"
    assert stat.S_IMODE(output.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in output.rglob("*") if p.is_file()} == {0o600}


def test_an_unwritable_place_is_an_environment_error(capsys, project: Path) -> None:
    if os.geteuid() == 0:
        target = "/proc/gongkai-output"  # even root cannot make a directory here
    else:  # pragma: no cover - the development machine runs as root
        (project / "locked").mkdir(mode=0o500)
        target = str(project / "locked" / "output")
    assert main(["build", "content", "--no-pdf", "--output", target]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gongkai：无法读写") and "Traceback" not in err
