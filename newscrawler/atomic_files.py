"""Files that appear whole or not at all, and stay after a power cut.

A file is written under a hidden temporary name in its final folder, fsynced, renamed over the
final name (atomic within a file system: a reader sees the old file or the new one, never part of
one), and then the folder is fsynced: the rename is an entry in the folder's own blocks, and until
those reach the disk a crash can bring back the old file, or none. A folder made for the file is
made durable in its parent the same way. Every file the project writes goes through here.
"""

from __future__ import annotations

import ctypes
import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

_MODE = 0o644
"""What a written file's mode is: mkstemp makes 0600, and datasets are there to be read."""


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable: the directory entry lives in the directory's own blocks."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folder(folder: Path) -> None:
    """Create `folder` and its missing parents, each one durable in its parent."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True)
        fsync_dir(made.parent)


def open_temp(path: Path) -> tuple[IO[bytes], Path]:
    """A new hidden temporary file beside `path`, open for writing, and its name.

    `.<name>.<random>.tmp`: no dataset glob matches it, pyarrow skips dot files, and two writers
    of the same file never share one.
    """
    make_folder(path.parent)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _MODE)
        return os.fdopen(fd, "w+b"), Path(temp)
    except BaseException:
        os.close(fd)
        os.unlink(temp)
        raise


def put_in_place(file: IO[bytes], temp: Path, path: Path) -> None:
    """Make `file`, open on `temp` in `path`'s folder, durable and rename it over `path`."""
    file.flush()
    os.fsync(file.fileno())
    file.close()
    os.replace(temp, path)
    fsync_dir(path.parent)


@contextmanager
def atomic_write(path: Path) -> Iterator[IO[bytes]]:
    """A binary file to write `path`'s content to, put in place when the block ends; when the
    block raises, it is removed and `path` is left as it was."""
    file, temp = open_temp(path)
    try:
        yield file
        put_in_place(file, temp, path)
    except BaseException:
        file.close()
        temp.unlink(missing_ok=True)
        raise


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)  # Linux, glibc >= 2.28


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux renameat2 RENAME_EXCHANGE), so a reader
    finds one or the other under each name, never neither. False where the platform or the file
    system cannot: the caller then falls back to two renames."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))
