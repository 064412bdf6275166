"""The library's way in: any string, ids and sources, several processes."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import extractor
import extractor.assemble
from extractor import Extractor, UsageError
from extractor.records import Source

TEXT = "Acme Corp said revenue rose 5% to $3.2 million in Q3."


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    "text",
    ["\udfff", "$5\ud800 million", "Acme Corp\udc80 revenue rose 5% to $3m.", "\ud83d\ude00 $1"],
)
def test_lone_surrogates_become_replacement_characters_with_offsets_kept(
    ex: Extractor, text: str
) -> None:
    record = ex(text)
    data = json.loads(record.to_json())  # would raise on a lone surrogate
    # two surrogates written as two code points are two lone ones: two replacement characters
    clean = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    for mention in [*record.money, *record.percentages, *record.metrics]:
        assert clean[mention.start : mention.end] == mention.text
    assert data["id"] == extractor.assemble.content_id(clean)


def test_surrogates_in_ids_and_sources_are_replaced(ex: Extractor) -> None:
    source = Source(path="a\udcff.txt", url="http://x/\ud800", meta={"k\udc00": ["v\udfff", 1]})
    record = ex(TEXT, doc_id="id\udcff", source=source)
    data = json.loads(record.to_json())
    assert data["id"] == "id\ufffd"
    assert data["source"]["path"] == "a\ufffd.txt"
    assert data["source"]["url"] == "http://x/\ufffd"
    assert data["source"]["meta"] == {"k\ufffd": ["v\ufffd", 1]}
    assert ex(TEXT, source=Source(path="plain.txt")).source == Source(path="plain.txt")


def test_a_text_that_is_not_a_string_is_a_usage_error(ex: Extractor) -> None:
    with pytest.raises(UsageError, match="must be a str, not bytes"):
        ex(b"$5 million")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="document id must be a str, not int"):
        ex("$5", doc_id=5)  # type: ignore[arg-type]


def test_the_id_argument_has_one_name(ex: Extractor) -> None:
    assert extractor.extract(TEXT, doc_id="a").id == "a"
    assert ex(TEXT, doc_id="b").id == "b"
    assert [r.id for r in ex.pipe([TEXT, TEXT], doc_ids=["c", "d"])] == ["c", "d"]
    with pytest.warns(DeprecationWarning, match="doc_ids"):
        assert [r.id for r in ex.pipe([TEXT], ids=["e"])] == ["e"]
    with pytest.raises(UsageError):
        list(ex.pipe([TEXT], doc_ids=["f"], ids=["f"]))
    with pytest.raises(ValueError):
        list(ex.pipe([TEXT, TEXT], doc_ids=["g"]))


def test_pipe_pairs_sources_and_keeps_order(ex: Extractor) -> None:
    texts = [f"Revenue was ${n} million." for n in range(1, 6)]
    sources = [Source(path=f"{n}.txt") for n in range(1, 6)]
    records = list(ex.pipe(texts, sources=sources, batch_size=2))
    assert [r.source.path for r in records if r.source] == [f"{n}.txt" for n in range(1, 6)]
    assert [str(r.money[0].value) for r in records] == [f"{n}000000" for n in range(1, 6)]


#: Where the probe component writes the id of the process that ran it.
_PROBE_FILE = Path(os.devnull)


@Language.component("test_pid_probe")
def _pid_probe(doc: Doc) -> Doc:
    with _PROBE_FILE.open("a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    return doc


def test_n_process_runs_the_pipeline_in_other_processes(tmp_path: Path) -> None:
    global _PROBE_FILE
    _PROBE_FILE = tmp_path / "pids.txt"
    ex = Extractor()
    ex.nlp.add_pipe("test_pid_probe", first=True)
    texts = [f"Acme Corp revenue rose {n}% to ${n} million." for n in range(1, 41)]
    long = "Costs were $7 million. " * 30  # done in pieces, in the workers too
    ex.piece_chars = 200
    serial = [r.to_json() for r in ex.pipe([*texts, long], batch_size=4)]
    _PROBE_FILE.unlink()
    parallel = [r.to_json() for r in ex.pipe([*texts, long], batch_size=4, n_process=2)]
    assert parallel == serial
    workers = set(_PROBE_FILE.read_text(encoding="utf-8").split())
    assert str(os.getpid()) not in workers
    assert len(workers) == 2


def test_the_collector_is_paused_while_a_batch_runs_and_restored_after(ex: Extractor) -> None:
    """A dense text's mentions are walked by no full collection while it is processed, and
    the collector is as the caller left it once the records are out."""
    seen: list[bool] = []
    name = "test_sees_the_collector"

    @Language.component(name)
    def sees(doc: Doc) -> Doc:
        seen.append(gc.isenabled())
        return doc

    ex.nlp.add_pipe(name)
    try:
        records = list(ex.pipe(["Revenue rose 5% to $3m.", "Net loss was $2 million."]))
        assert gc.isenabled()
        gc.disable()
        ex("Sales fell 3%.")
        assert not gc.isenabled()
    finally:
        gc.enable()
        ex.nlp.remove_pipe(name)
    assert [len(r.money) for r in records] == [1, 1]
    assert seen == [False, False, False]
