"""Files that survive a crash: fsync, atomic replace, and temporary names beside a target.

Every output of the package is made durable with these: a file is written under a hidden
temporary name in the folder of its final name, fsynced, and renamed onto that name with
:func:`os.replace` (atomic on POSIX and NTFS); the folder is then fsynced so that the rename
itself is on disk. A reader sees the old file or the new one, never a part of one.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.json", '{"done": true}')
>>> [p.name for p in folder.iterdir()], (folder / "a.json").read_text()
(['a.json'], '{"done": true}')
>>> temporary_name(folder / "part-00001.parquet").name  # doctest: +ELLIPSIS
'.part-00001.parquet....tmp'
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

#: Every temporary name ends so: what a dead writer left is found by it.
TEMPORARY_SUFFIX = ".tmp"


def temporary_name(final: Path) -> Path:
    """A hidden name beside ``final``, unique to one attempt, so that two attempts at the same
    file (a task run again after its worker died) never write the same temporary file."""
    return final.with_name(f".{final.name}.{uuid.uuid4().hex[:12]}{TEMPORARY_SUFFIX}")


def sibling(path: Path, suffix: str) -> Path:
    """``path`` with ``suffix`` added to its full name: ``out.csv`` -> ``out.csv.parts``."""
    return path.with_name(path.name + suffix)


def fsync_file(path: Path) -> None:
    """Make the content of the file at ``path`` durable."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make renames and new files in ``folder`` durable."""
    if os.name == "nt":  # a folder cannot be opened there; NTFS journals its metadata
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(source: Path, target: Path) -> None:
    """Atomically put the complete ``source`` (already fsynced) in place of ``target``."""
    source.replace(target)
    fsync_dir(target.parent)
    if source.parent != target.parent:
        fsync_dir(source.parent)


def settle(temporary: Path, target: Path, *, keep: bool) -> None:
    """Put the complete ``temporary`` file (already fsynced) in place of ``target`` if
    ``keep``; otherwise delete both: an output with nothing to hold (an errors file of a run
    where nothing failed) is no file, and none is left from an earlier run."""
    if keep:
        replace(temporary, target)
    else:
        temporary.unlink(missing_ok=True)
        target.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file, fsynced, renamed."""
    temporary = temporary_name(path)
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove(path: Path) -> None:
    """Delete a file or a folder (with what it holds) if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files a dead writer left in ``folder``; the paths deleted."""
    found = sorted(folder.glob(f"*{TEMPORARY_SUFFIX}")) if folder.is_dir() else []
    for temporary in found:
        temporary.unlink(missing_ok=True)
    return found
