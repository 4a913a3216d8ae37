"""Reading a source file safely: only a regular file, only so big, and saying why not in Chinese."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.load.limits import MAX_FILE_BYTES

_ERRNO = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ELOOP: "符号链接循环引用自身",
    errno.EISDIR: "是目录，不是文件",
    errno.ENAMETOOLONG: "路径过长",
    errno.ENOTDIR: "路径中有一段不是目录",
}


class SourceError(Exception):
    """The file cannot be read as a source; the message says why."""


def explain(exc: OSError) -> str:
    return _ERRNO.get(exc.errno or 0, exc.strerror or str(exc))


def read_source(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES`; :class:`SourceError` otherwise.

    A FIFO would block the build forever and a device could be endless, so the type is checked
    before reading (and again on the opened file, in case it was swapped meanwhile).
    """
    try:
        _check(os.stat(path))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SourceError(f"无法读取文件：{explain(exc) if isinstance(exc, OSError) else '路径含有 NUL 字符'}") from exc
    with os.fdopen(fd, "rb") as file:
        _check(os.fstat(fd))
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(_too_big(len(data)))
    return data


def _check(info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "FIFO（命名管道）"
            if stat.S_ISFIFO(info.st_mode)
            else "设备"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "目录"
            if stat.S_ISDIR(info.st_mode)
            else "特殊文件"
        )
        raise SourceError(f"不是普通文件，而是{kind}：只能读取普通文件")
    if info.st_size > MAX_FILE_BYTES:
        raise SourceError(_too_big(info.st_size))


def _too_big(size: int) -> str:
    return f"文件过大（{size} 字节）：一个文件最多 {MAX_FILE_BYTES // (1024 * 1024)} MB"


def within(path: Path, folder: Path) -> bool:
    """Whether ``path``, symlinks followed, lies inside ``folder`` (a symlink loop lies nowhere)."""
    try:
        resolved, top = path.resolve(), folder.resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return top in resolved.parents
