"""One commit protocol for outputs written in parts, shared by the local and the Dask engine.

**A part is complete when it has its name.** It is written under a hidden temporary name
beside that name (:func:`~extractor.durable.temporary_name`, unique to one attempt) and
fsynced; its meta (``_partitions/NAME.json``: the ids it holds, with whatever counts and
failures the engine keeps) is committed the same way; then the part is renamed onto its name
and the folder fsynced. So a part with its name always has its meta, and the ids an output
holds are read from the metas, never parsed back from the data. Whatever a dead writer left
is a ``*.tmp`` file, deleted when the output is resumed. A part's name ends in its layout
(``part-000001.jsonl``, ``part-00003.parquet``, ``part-000002.facts.csv``), so parts of
another layout are never continued.

- **Local engine** (:class:`PartedSink`: JSONL, CSV and Parquet files): for an output
  ``OUT``, each chunk is one part in ``OUT.parts/``. ``close`` merges the parts (after a
  complete ``OUT`` that was resumed, which stays as it is until then) into
  ``OUT.parts/merged.<ext>.tmp``, fsyncs it, marks the merge done with
  ``OUT.parts/COMMITTED``, renames the merged file to ``OUT``, renames the parts folder to
  ``OUT.parts.trash`` and deletes that. A resume that finds ``COMMITTED`` finishes that
  work.
- **Dask engine** (:mod:`extractor.distributed.layout`): each partition is one part of the
  output folder, written by its task; ``_SUCCESS`` is written last, when every part is
  complete.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar

from ..durable import (
    TEMPORARY_SUFFIX,
    fsync_dir,
    fsync_file,
    remove,
    remove_temporaries,
    replace,
    sibling,
    temporary_name,
    write_atomic,
)
from ..errors import OutputError
from ..store.rows import Layout, RecordRows
from ._base import BaseSink, claim

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The mark of a merge that is done, in a local output's parts folder.
COMMITTED = "COMMITTED"
#: The folder of the parts' metas, in a folder of parts.
METAS = "_partitions"


class PartWriter(ABC, Generic[T]):
    """Rows to one part file, in order. Used as a context manager: the file is complete when
    the block ends, and deleted when it ends with an exception."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @abstractmethod
    def write(self, rows: Sequence[RecordRows[T]]) -> None: ...

    @abstractmethod
    def close(self) -> None:
        """Write what is buffered and close the file."""

    def discard(self) -> None:
        """Close the file without completing it, and delete it."""
        try:
            self.close()
        except Exception:  # it is deleted anyway; the exception that ended the block counts
            logger.debug("%s: closing a discarded part failed", self.path, exc_info=True)
        finally:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> PartWriter[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()


class PartFormat(ABC, Generic[T]):
    """How rows of a layout are written to parts, read back and merged into one file."""

    #: Names the layout of the rows: ``jsonl``, ``parquet``, ``csv:facts``, ``csv:facts:raw``.
    name: str
    #: The rows it takes.
    layout: Layout[T]

    @property
    def suffix(self) -> str:
        """The end of a part's name, which says its layout: ``csv:facts`` is ``.facts.csv``."""
        return "." + ".".join(reversed(self.name.split(":")))

    @abstractmethod
    def writer(self, path: Path) -> PartWriter[T]:
        """A writer of a new part at ``path``."""

    @abstractmethod
    def ids(self, path: Path) -> Iterator[str]:
        """The ids in a complete output of this layout (one that a run continues); a file of
        another layout is an :class:`~extractor.errors.OutputError`."""

    @abstractmethod
    def merge(self, sources: Sequence[Path], target: Path, *, base: Path | None) -> None:
        """Write ``base`` (a complete output, if any) and then the parts ``sources``, in order,
        as one complete output to ``target``."""


def layout_of(part: Path, prefix: str = "part-") -> str:
    """The layout name a part's file name ends in.

    >>> layout_of(Path("part-000002.raw.facts.csv")), layout_of(Path("part-00001.parquet"))
    ('csv:facts:raw', 'parquet')
    """
    _, _, rest = part.name.removeprefix(prefix).partition(".")
    return ":".join(reversed(rest.split(".")))


class PartFolder(Generic[T]):
    """A folder of parts of one format, each committed with its meta by an atomic rename."""

    def __init__(self, path: Path, part_format: PartFormat[T]) -> None:
        self.path = path
        self.format = part_format
        self.metas = path / METAS

    def data(self, name: str) -> Path:
        """The file of the part called ``name``."""
        return self.path / f"{name}{self.format.suffix}"

    def meta(self, name: str) -> Path:
        """The meta file of the part called ``name``."""
        return self.metas / f"{name}.json"

    def read_meta(self, name: str) -> dict[str, Any] | None:
        """The meta of the part ``name`` if the part is complete; None if it is not (or its
        meta cannot be read: the part is then done again)."""
        if not self.data(name).exists():
            return None
        try:
            meta = json.loads(self.meta(name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            logger.warning("%s cannot be read (%s); the part is done again", self.meta(name), exc)
            return None
        return meta if isinstance(meta, dict) else None

    def parts(self) -> list[str]:
        """The names of the part files there, in order."""
        suffix = self.format.suffix
        return sorted(p.name[: -len(suffix)] for p in self.path.glob(f"part-*{suffix}"))

    def foreign(self) -> list[Path]:
        """Part files of another layout."""
        return sorted(
            p for p in self.path.glob("part-*") if not p.name.endswith(self.format.suffix)
        )

    def create(self) -> None:
        """Make the folder and its metas' folder."""
        self.metas.mkdir(parents=True, exist_ok=True)
        fsync_dir(self.path)
        fsync_dir(self.path.parent)

    def write(self, name: str, rows: Sequence[RecordRows[T]], meta: dict[str, Any]) -> Path:
        """Write and commit the part ``name`` holding ``rows``, with ``meta``; nothing of it
        is left if that fails."""
        with self.open(name) as writer:
            writer.write(rows)
        return self.commit(writer.path, name, meta)

    def open(self, name: str) -> PartWriter[T]:
        """A writer of the part ``name`` under a temporary name; :meth:`commit` it after."""
        return self.format.writer(temporary_name(self.data(name)))

    def commit(self, temporary: Path, name: str, meta: dict[str, Any]) -> Path:
        """Make the part ``name`` complete from its written ``temporary`` file: its meta
        first, then the part by rename."""
        final = self.data(name)
        try:
            self.write_meta(name, meta)
            fsync_file(temporary)
            temporary.replace(final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        fsync_dir(self.path)
        return final

    def write_meta(self, name: str, meta: dict[str, Any]) -> None:
        write_atomic(self.meta(name), json.dumps(meta, ensure_ascii=False))

    def remove_temporaries(self) -> None:
        """Delete what unfinished writers left: ``*.tmp`` files, in the folder and its metas."""
        for folder in (self.path, self.metas):
            for temporary in remove_temporaries(folder):
                logger.debug("%s: left by an unfinished writer; deleted", temporary)


class PartedSink(BaseSink[T]):
    """Records to one file (JSONL, CSV, Parquet) through parts, atomically and resumably (see
    the module's documentation)."""

    def __init__(
        self, path: str, part_format: PartFormat[T], *, resume: bool = False, force: bool = False
    ) -> None:
        super().__init__(path, part_format.layout)
        self.format = part_format
        self._final = Path(path)
        self._folder = PartFolder(sibling(self._final, ".parts"), part_format)
        self._trash = sibling(self._final, ".parts.trash")
        remove(self._trash)  # what a completed run had not finished deleting
        claim(self._final, [self._folder.path], resume=resume, force=force)
        if not (resume and self._recover()):
            self._folder.create()
        # Without parts, OUT can only be here when resuming; with parts and no COMMITTED mark,
        # OUT is the complete output this run started from.
        self._base = self._final if self._final.exists() else None
        self._parts: list[str] = []
        for name in self._folder.parts():
            meta = self._folder.read_meta(name)
            if meta is None:  # not complete: not ours to merge
                self._folder.data(name).unlink()
                continue
            self._parts.append(name)
            self._ids.add(meta["ids"])
        self._next = _number(self._parts[-1]) + 1 if self._parts else 1
        if self._base is not None:
            self._ids.add(part_format.ids(self._base))
        if len(self._ids):
            logger.info("%s: resuming with %d records written", self.path, len(self._ids))

    def _write(self, rows: Sequence[RecordRows[T]]) -> None:
        name = f"part-{self._next:06d}"
        self._folder.write(name, rows, {"ids": [row.id for row in rows]})
        self._parts.append(name)
        self._next += 1

    def _close(self) -> None:
        merged = self._merged()
        try:
            parts = [self._folder.data(name) for name in self._parts]
            self.format.merge(parts, merged, base=self._base)
            fsync_file(merged)
        except BaseException:
            merged.unlink(missing_ok=True)
            raise
        (self._folder.path / COMMITTED).touch()
        fsync_dir(self._folder.path)  # the mark is on disk before OUT changes
        replace(merged, self._final)
        self._discard_parts()
        logger.debug("%s: complete, %d records", self.path, len(self._ids))

    def _abort(self) -> None:
        logger.info("%s: stopped; %s is kept for --resume", self.path, self._folder.path)

    def _merged(self) -> Path:
        return self._folder.path / f"merged{self.format.suffix}{TEMPORARY_SUFFIX}"

    def _recover(self) -> bool:
        """Pick up an interrupted run's parts; False when there are none to continue."""
        folder = self._folder.path
        if not folder.is_dir():
            return False
        if (folder / COMMITTED).exists():  # a merge that was done: finish it
            merged = self._merged()
            if merged.exists():
                replace(merged, self._final)
            self._discard_parts()
            return False
        self._folder.remove_temporaries()
        foreign = self._folder.foreign()
        if foreign:
            raise OutputError(
                self.path,
                f"the interrupted run wrote {layout_of(foreign[0])!r}, not {self.format.name!r} "
                "(another --format, --table or --csv-raw?); use --force to start over",
            )
        return True

    def _discard_parts(self) -> None:
        self._folder.path.replace(self._trash)
        fsync_dir(self._trash.parent)
        remove(self._trash)


def concatenate_lines(
    sources: Sequence[Path], target: Path, *, base: Path | None, header: bytes = b""
) -> None:
    """Write to ``target`` the lines of ``base`` (a complete output, if any; else ``header``)
    and then those of the parts ``sources``, in order: the merge of the line formats."""
    with target.open("wb") as out:
        if base is None:
            out.write(header)
        else:
            with base.open("rb") as handle:
                shutil.copyfileobj(handle, out)
            if not ends_with_newline(base):  # a file made by another tool
                out.write(b"\n")
        for source in sources:
            with source.open("rb") as handle:
                shutil.copyfileobj(handle, out)


def ends_with_newline(path: Path) -> bool:
    """Whether the file at ``path`` is empty or ends with a line end (a file that another
    tool made may lack its last one, and the next line must not join it)."""
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        if not size:
            return True
        handle.seek(size - 1)
        return handle.read(1) == b"\n"


def _number(part: str) -> int:
    return int(part.removeprefix("part-"))
