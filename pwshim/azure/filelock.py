"""Safe file writing for ~/.Azure: an exclusive lock, write beside, rename over.

Locking mirrors MSAL.Extensions' CrossPlatLock (`<file>.lockfile` holding "{pid} {name}",
retried, removed on release; az-accounts-files.md §4) plus an advisory flock on the data
file itself, which is what .NET's FileShare.None/Read map to on Unix, so a real Az.Accounts
writing the same file in place is excluded too. Writes go to a 0600 temp file in the same
directory that is renamed over the old file: readers never see a half-written file.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pwshim.runtime.errors import (
    Category,
    ErrorRecord,
    PSError,
    UnauthorizedAccessException,
)

MAX_TRIES = 30  # ProtectedFileProvider: 30 tries ...
RETRY_SECONDS = 0.5  # ... 500 ms apart (§4)


def ensure_dir(path: Path) -> None:
    """Create a directory with mode 0700, as a private profile dir; missing parents are made
    0700 too (Path.mkdir(parents=True) would make them 0777 & ~umask: world-writable under
    umask 000, so another user could swap the private folder for one of theirs)."""
    if path.is_dir():
        return
    missing = []
    folder = path
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise


def _lock_failure(path: Path) -> PSError:
    # Az: UnauthorizedAccessException(FileLockFailure) after MaxTries.
    return PSError(
        ErrorRecord(
            UnauthorizedAccessException(
                f"Could not acquire exclusive lock on file '{path}'. The file is locked by another process."
            ),
            "FileLockFailure",
            Category.ResourceBusy,
            str(path),
        )
    )


def _flock(fd: int, how: int, path: Path, tries: int = MAX_TRIES, delay: float = RETRY_SECONDS) -> None:
    for attempt in range(tries):
        try:
            fcntl.flock(fd, how | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            if attempt == tries - 1:
                raise _lock_failure(path) from None
            time.sleep(delay)


@contextmanager
def locked(path: Path, tries: int = MAX_TRIES, delay: float = RETRY_SECONDS) -> Iterator[None]:
    """Hold `<path>.lockfile` exclusively (CrossPlatLock convention) for a read-modify-write."""
    lock_path = path.with_name(path.name + ".lockfile")
    ensure_dir(path.parent)
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _flock(fd, fcntl.LOCK_EX, path, tries, delay)
            # The holder before us may have deleted the file after we opened it: only a lock on
            # the inode currently at lock_path counts.
            try:
                same = os.stat(lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {os.path.basename(sys.executable)}".encode())
        yield
    finally:
        try:
            os.unlink(lock_path)  # FileOptions.DeleteOnClose
        except FileNotFoundError:
            pass
        os.close(fd)


def read_shared(path: Path) -> bytes | None:
    """Read a whole file under a shared flock (FileShare.Read); None when it does not exist."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            _flock(fd, fcntl.LOCK_SH, path)
        except PSError:
            pass  # a stuck writer must not stop reads: rename-based writers are atomic anyway
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _temp_prefix(path: Path) -> str:
    return "." + path.name + "."


def _remove_orphans(path: Path) -> None:
    """Delete temp files a killed writer left beside `path` (`.<name>.<pid>.XXXX.tmp`).

    A process killed between creating its temp file and renaming it leaves the temp file
    behind; the target itself is intact. A temp file is removed only when the pid in its name
    is not a running process, so a live writer's file is never touched, lock or no lock."""
    prefix = _temp_prefix(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid_text = name[len(prefix):].split(".", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        try:
            os.unlink(path.parent / name)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def replace_file(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write data to a temp file beside `path` (mode 0600) and rename it over `path`.

    While renaming, an exclusive flock is held on the old file so an in-place writer (Az's
    FileShare.None) cannot interleave."""
    ensure_dir(path.parent)
    old_fd = None
    try:
        old_fd = os.open(path, os.O_RDONLY)
        _flock(old_fd, fcntl.LOCK_EX, path)
    except FileNotFoundError:
        old_fd = None
    try:
        _remove_orphans(path)
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path) + f"{os.getpid()}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    finally:
        if old_fd is not None:
            os.close(old_fd)
