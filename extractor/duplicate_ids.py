"""The one policy for a document id that comes twice: the first is kept.

Within a run, the first document (in input order) of an id is the one extracted and written;
each later one is dropped and reported as a ``DuplicateId`` failure that names it. An output
continued with ``--resume`` keeps the records it holds: an id already there is skipped. The
local engine applies this to articles as it reads them (so a repeat is not even extracted),
the Dask engine within each partition and then across partitions in plan order, and every sink
to what it is given (a sink used directly logs what it drops).

A database written again *without* ``--resume`` is another matter: a new run replaces the
articles an earlier run stored under the same ids (PostgreSQL's upsert; see its sink).

>>> ids = FirstWins(done=["a"])
>>> ids.fresh(["a", "b", "c", "b"])
[False, True, True, False]
>>> ids.claim("b"), ids.claim("b"), "b" in ids
(True, False, True)
>>> duplicate_reason("b")
"duplicate id 'b': an earlier document of this run has it"
"""

from __future__ import annotations

from collections.abc import Iterable

#: The ``error`` of the failure a dropped repeat gives.
DUPLICATE_ERROR = "DuplicateId"


def duplicate_reason(doc_id: str) -> str:
    """The ``reason`` of the failure a dropped repeat gives."""
    return f"duplicate id {doc_id!r}: an earlier document of this run has it"


class FirstWins:
    """The ids seen so far, and which of new ones are first seen."""

    def __init__(self, done: Iterable[str] = ()) -> None:
        self._seen: set[str] = set(done)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._seen

    def __len__(self) -> int:
        return len(self._seen)

    def seen(self) -> set[str]:
        """A copy of the ids seen."""
        return set(self._seen)

    def claim(self, doc_id: str) -> bool:
        """Whether ``doc_id`` is new; it is seen from now on."""
        if doc_id in self._seen:
            return False
        self._seen.add(doc_id)
        return True

    def fresh(self, ids: Iterable[str]) -> list[bool]:
        """For each of ``ids`` in order, whether it is the first of its id, without claiming
        any (a sink claims them with :meth:`add` once they are written)."""
        chunk: set[str] = set()
        found = []
        for doc_id in ids:
            found.append(doc_id not in self._seen and doc_id not in chunk)
            chunk.add(doc_id)
        return found

    def add(self, ids: Iterable[str]) -> None:
        """Claim ``ids``: they are seen from now on."""
        self._seen.update(ids)
