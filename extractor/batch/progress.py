"""The progress bar of a batch run, drawn with rich on standard error."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.text import Text

from .runner import Progress as RunProgress


class _StatusColumn(ProgressColumn):
    """One plain line: ``1,234/21,578 docs · 0:00:04 elapsed · 0:00:39 left · 612 docs/s``.

    Without a total (standard input, WARC) the count stands alone and no time left is shown.
    """

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        parts = [f"{done:,}/{int(task.total):,} docs" if task.total else f"{done:,} docs"]
        parts.append(f"{_clock(task.finished_time if task.finished else task.elapsed)} elapsed")
        if task.total and not task.finished:
            left = task.time_remaining
            parts.append(f"{_clock(left)} left" if left is not None else "-:--:-- left")
        speed = task.finished_speed or task.speed
        if speed is not None:
            parts.append(f"{speed:,.0f} docs/s")
        return Text(" · ".join(parts), style="progress.data.speed")


def _clock(seconds: float | None) -> str:
    """``0:00:39``: hours, minutes and seconds.

    >>> _clock(39.4), _clock(3725), _clock(None)
    ('0:00:39', '1:02:05', '-:--:--')
    """
    if seconds is None:
        return "-:--:--"
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class ProgressBar(RunProgress):
    """Documents, documents per second and the time left, on stderr while it is a terminal."""

    def __init__(self, *, console: Console | None = None, enabled: bool | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal if enabled is None else enabled
        self.wants_total = self.enabled
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def start(self, total: int | None) -> None:
        if not self.enabled or self._bar is not None:
            return
        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("extracting"),
            BarColumn(),
            _StatusColumn(),
            console=self.console,
            transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("documents", total=total)

    def advance(self, documents: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, documents)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
