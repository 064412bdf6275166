"""The server lost in the middle of a load: the chunk is written again, nothing is lost and
nothing is written twice; a server down for longer than the retries stops the run with a
message that says what was committed and that ``--resume`` continues it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from pg_server import PgServer, expected_rows, own_texts, read_records, stored_rows, table_counts

from extractor.batch import BatchConfig, batch, run_batch
from extractor.batch.runner import ErrorLog, Progress
from extractor.errors import DatabaseConnectionError
from extractor.sinks.postgres import PostgresSink

pytest_plugins = ["pg_server"]  # the fixtures postgres and pg_url

#: Our texts under 90 ids each: 630 documents, 63 chunks.
COPIES = 90
CONFIG = BatchConfig(workers=1, chunk_size=10)
#: Documents written before the server goes away.
BEFORE = 100


class After(Progress):
    """A run's progress that calls ``action`` once, as soon as ``documents`` are done."""

    def __init__(self, documents: int, action: Callable[[], Any]) -> None:
        self.threshold = documents
        self.action = action
        self.done = 0
        self.fired = False

    def advance(self, documents: int) -> None:
        self.done += documents
        if not self.fired and self.done >= self.threshold:
            self.fired = True
            self.action()


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, Any]]]:
    """The input, and the records of its JSONL output."""
    folder = tmp_path_factory.mktemp("restart")
    path = str(own_texts(folder / "texts.jsonl", copies=COPIES))
    batch([path], str(folder / "out.jsonl"), config=CONFIG)
    return path, read_records(folder / "out.jsonl")


@pytest.mark.parametrize("mode", ["immediate", "fast"])
def test_a_restart_in_the_middle_of_a_load_loses_and_repeats_nothing(
    mode: str,
    texts: tuple[str, list[dict[str, Any]]],
    postgres: PgServer,
    pg_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path, records = texts

    def restart() -> None:  # while the run goes on writing chunks
        postgres.stop(mode)
        time.sleep(1.0)
        postgres.start()

    outage = threading.Thread(target=restart)
    caplog.set_level(logging.DEBUG)
    summary = batch([path], pg_url, config=CONFIG, progress=After(BEFORE, outage.start))
    outage.join()
    assert summary.documents == len(records)
    assert "lost the connection" in caplog.text  # the outage hit the load
    assert "connected again" in caplog.text
    assert postgres.password not in caplog.text
    assert stored_rows(pg_url) == expected_rows(records)


def test_a_server_down_for_longer_than_the_retries_stops_the_run_and_resume_completes_it(
    texts: tuple[str, list[dict[str, Any]]], postgres: PgServer, pg_url: str
) -> None:
    path, records = texts
    sink = PostgresSink(pg_url, retry_initial=0.2, retry_max=0.4, retry_total=1.0)
    errors = ErrorLog(None)
    stop = After(BEFORE, lambda: postgres.stop("fast"))
    started = time.monotonic()
    with pytest.raises(DatabaseConnectionError) as caught, sink, errors:
        run_batch([path], sink=sink, errors=errors, config=CONFIG, progress=stop)
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert f"this run committed {BEFORE} documents" in message
    assert "run the same command again with --resume" in message
    assert caught.value.committed == BEFORE
    assert postgres.password not in message

    postgres.start()
    assert table_counts(pg_url, ["articles"]) == {"articles": BEFORE}
    summary = batch([path], pg_url, resume=True, config=CONFIG)
    assert (summary.skipped, summary.documents) == (BEFORE, len(records) - BEFORE)
    assert stored_rows(pg_url) == expected_rows(records)
