"""The progress bar reads plainly: counts, time elapsed, time left and speed, each labelled."""

from __future__ import annotations

import io

from rich.console import Console
from rich.progress import Progress

from extractor.batch.progress import ProgressBar, _StatusColumn


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_status_reads_as_a_sentence() -> None:
    clock = Clock()
    progress = Progress(_StatusColumn(), get_time=clock, auto_refresh=False)
    task_id = progress.add_task("documents", total=21_578)
    for _ in range(4):  # 1,234 documents in 4 seconds
        clock.now += 1
        progress.advance(task_id, 308.5)
    (task,) = progress.tasks
    text = _StatusColumn().render(task).plain
    assert text == "1,234/21,578 docs · 0:00:04 elapsed · 0:01:06 left · 308 docs/s"


def test_without_a_total_there_is_no_time_left() -> None:
    clock = Clock()
    progress = Progress(_StatusColumn(), get_time=clock, auto_refresh=False)
    task_id = progress.add_task("documents", total=None)
    clock.now += 2
    progress.advance(task_id, 50)
    (task,) = progress.tasks
    assert _StatusColumn().render(task).plain.startswith("50 docs · 0:00:02 elapsed")
    assert "left" not in _StatusColumn().render(task).plain


def test_the_bar_is_drawn_on_a_terminal_and_not_elsewhere() -> None:
    shown = io.StringIO()
    bar = ProgressBar(console=Console(file=shown, force_terminal=True, width=120))
    bar.start(10)
    bar.advance(10)
    bar.stop()
    assert "10/10 docs · " in shown.getvalue() and " elapsed" in shown.getvalue()
    hidden = io.StringIO()
    quiet = ProgressBar(console=Console(file=hidden, force_terminal=False))
    quiet.start(10)
    quiet.advance(10)
    quiet.stop()
    assert hidden.getvalue() == ""
