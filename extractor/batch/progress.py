"""The progress bar of a batch run, drawn with rich on standard error."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .runner import Progress as RunProgress


class _RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.1f} docs/s", style="progress.data.speed")


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
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
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
