"""The output directory: which one may be replaced, and replacing it in one atomic step.

Gongkai only ever replaces a directory it created itself. Every build carries a mark file
(:data:`MARK`); an existing directory without it is replaced only when it is empty. The
content, the working directory, the home directory, ``/`` and anything containing one of
them are never replaced, mark or not.

The new tree is built in a staging directory beside the output (same file system), then
exchanged with the old one by a single ``renameat2(RENAME_EXCHANGE)``: a reader, or a build
killed at any moment, sees either the whole old site or the whole new one, never none.
A versioned-directory-plus-symlink scheme would be atomic too, but static hosts and upload
tools often refuse or copy symlinks; an exchange keeps ``output/`` a plain directory.
Where the kernel or file system lacks the exchange (old Linux, not Linux, some network file
systems) the fallback is two renames with the old tree moved to a marked staging name, so
the next build cleans it up; that leaves a short window without ``output/``, never a loss
of anything Gongkai did not make.

A lock file beside the output (``.<name>.gongkai-lock``) lets one build at a time write it:
a second build waits and says so. Staging directories of killed builds (they carry the mark)
are removed by the next build, under the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

MARK = ".gongkai-output"
MARK_TEXT = "Gongkai 生成的网站。gongkai build 只会替换带有此文件的目录。\n"
STAGING_INFIX = ".tmp-"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputRefused(Exception):
    """The output path may not be replaced; nothing was touched."""


def _contains(outer: Path, inner: Path) -> bool:
    return outer == inner or outer in inner.parents


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise OutputRefused(f"无法确定输出目录“{path}”的位置：{exc}；未做任何改动") from exc


def _home() -> Path:
    try:
        return Path.home()
    except (KeyError, RuntimeError):  # no HOME and no passwd entry: nothing more to protect than /
        return Path("/")


def check_target(output: Path | str, content_dir: Path, *, cwd: Path | None = None, home: Path | None = None) -> Path:
    """The resolved output directory, or :class:`OutputRefused` saying why it may not be replaced."""
    if str(output).strip() == "":
        raise OutputRefused('输出目录不能为空（--output ""）；未做任何改动')
    shown = str(output)
    target = _resolve(Path(output))
    content = _resolve(content_dir)
    cwd = _resolve(cwd or Path.cwd())
    home = _resolve(home or _home())
    if target == Path(target.anchor):
        raise OutputRefused(f"不能把网站生成到根目录“{shown}”；未做任何改动")
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"输出目录“{shown}”是一个文件，不是目录；Gongkai 不会替换它，未做任何改动")
    if _contains(target, content):
        raise OutputRefused(f"输出目录“{shown}”是内容目录或包含内容目录，替换它会删除内容；未做任何改动")
    if _contains(target, cwd):
        raise OutputRefused(f"输出目录“{shown}”是当前目录或它的上级目录；Gongkai 不会替换它，未做任何改动")
    if _contains(target, home):
        raise OutputRefused(f"输出目录“{shown}”是主目录或它的上级目录；Gongkai 不会替换它，未做任何改动")
    if target.is_dir() and not is_gongkai_output(target) and any(target.iterdir()):
        raise OutputRefused(
            f"输出目录“{shown}”不是空目录，也不是 Gongkai 生成的（其中没有 {MARK} 标记）；"
            "为免删除其中的文件，未做任何改动。请换一个输出目录，或确认无用后自行删除它"
        )
    return target


def is_gongkai_output(directory: Path) -> bool:
    mark = directory / MARK
    return mark.is_file() and not mark.is_symlink()


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.gongkai-lock")


@contextlib.contextmanager
def output_lock(output: Path, log: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the output's lock for the ``with`` block; wait (and say so) while another build has it."""
    fd = os.open(lock_path(output), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"另一个 gongkai build 正在写入 {output}，等待它结束……")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _staging_dirs(output: Path) -> Iterator[Path]:
    prefix = output.name + STAGING_INFIX
    with contextlib.suppress(FileNotFoundError):
        for entry in output.parent.iterdir():
            if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
                yield entry


def remove_stale(output: Path) -> list[Path]:
    """Remove staging directories that killed builds left behind; only those carrying the mark."""
    removed = []
    for entry in _staging_dirs(output):
        if is_gongkai_output(entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def current_umask() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # pragma: no cover - not Linux
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def new_staging(output: Path) -> Path:
    """An empty, marked staging directory beside ``output`` (mkdtemp makes it 0700: opened up later)."""
    staging = Path(tempfile.mkdtemp(prefix=output.name + STAGING_INFIX, dir=output.parent))
    (staging / MARK).write_text(MARK_TEXT, encoding="utf-8")
    return staging


def make_readable(tree: Path, done: Collection[str] = ()) -> None:
    """Directories 0777 and files 0666 less the umask (0755/0644 usually), so a web server can read them.

    ``done``: folders (paths in ``tree``) whose files are links to files made readable already, by
    the build that made them; their folders were made with the same modes (``os.makedirs``)."""
    mask = current_umask()
    dir_mode, file_mode = 0o777 & ~mask, 0o666 & ~mask
    os.chmod(tree, dir_mode)
    skip = {os.path.join(tree, path) for path in done}
    for folder, dirs, files in os.walk(tree):
        if skip:
            dirs[:] = [name for name in dirs if os.path.join(folder, name) not in skip]
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, dir_mode)
        for name in files:
            path = os.path.join(folder, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.chmod(path, file_mode)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directory entries atomically; False when the system cannot (then nothing happened)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # no glibc wrapper: take the fallback
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap(staging: Path, output: Path, *, keep_old: bool = False) -> Path | None:
    """Put ``staging`` in ``output``'s place in one step, then remove the previous tree; with
    ``keep_old``, the previous tree (at a marked staging name) is left for the caller to remove,
    and returned."""
    if not output.exists():
        staging.rename(output)
        return None
    if _exchange(staging, output):
        old = staging  # now the previous tree
    else:
        # Fallback (see the module's docstring): the old tree goes to a marked staging name.
        old = staging.with_name(staging.name + "-old")
        if is_gongkai_output(output):
            output.rename(old)
        else:
            output.rmdir()  # empty: check_target refused anything else
        staging.rename(output)
        if not old.exists():
            return None
    if keep_old:
        return old
    shutil.rmtree(old, ignore_errors=True)
    return None
