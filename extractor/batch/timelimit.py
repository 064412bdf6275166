"""A time limit on the work of one document, enforced in the process that does it.

In the main thread of a process (a worker process of ``extractor batch``, or the CLI itself with
one worker) the limit is a ``SIGALRM`` timer: its handler raises :class:`TimeLimitExceeded`
where the pipeline is, also inside a long ``regex`` match, which checks for signals. In any
other thread (a Dask worker's) a watchdog thread raises it asynchronously in the working
thread, which takes effect at its next Python instruction.

:class:`TimeLimitExceeded` is a ``BaseException``, so that no ``except Exception`` inside the
pipeline can swallow it.

>>> import time
>>> with time_limit(None):  # no limit
...     time.sleep(0.01)
>>> try:
...     with time_limit(0.05):
...         while True:
...             pass
... except TimeLimitExceeded as exc:
...     print(exc)
took longer than 0.05s
"""

from __future__ import annotations

import ctypes
import signal
import threading
from types import FrameType, TracebackType

__all__ = ["DEFAULT_DOC_TIMEOUT", "TimeLimitExceeded", "time_limit"]

#: Seconds that one document may take by default: a 20 MB text (the default --max-bytes) of
#: dense financial news takes well under this, while a runaway case is stopped.
DEFAULT_DOC_TIMEOUT = 60.0


class TimeLimitExceeded(BaseException):
    """The document took longer than its time limit."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        super().__init__(f"took longer than {seconds:g}s")


class time_limit:
    """Raise :class:`TimeLimitExceeded` in the block if it runs longer than ``seconds``; no
    limit for ``None`` or 0."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds or 0.0
        self._lock = threading.Lock()
        self._armed = False
        self._fired = False
        self._previous: object = None
        self._timer: threading.Timer | None = None
        self._thread = 0

    def __enter__(self) -> time_limit:
        if self.seconds <= 0:
            return self
        self._armed = True
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        else:
            self._thread = threading.get_ident()
            self._timer = threading.Timer(self.seconds, self._on_watchdog)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _on_alarm(self, number: int, frame: FrameType | None) -> None:
        if self._armed:
            self._armed = False
            self._fired = True
            raise TimeLimitExceeded(self.seconds)

    def _on_watchdog(self) -> None:
        with self._lock:
            if not self._armed:
                return
            self._armed = False
            self._fired = True
            _async_raise(self._thread, TimeLimitExceeded)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            self._armed = False
            fired = self._fired
        if self._timer is not None:
            self._timer.cancel()
            if fired:  # an exception still pending in this thread is taken back here ...
                _async_raise(self._thread, None)
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
        if fired and not isinstance(error, TimeLimitExceeded):
            raise TimeLimitExceeded(self.seconds)  # ... and raised with its message
        if isinstance(error, TimeLimitExceeded) and error.seconds != self.seconds:
            raise TimeLimitExceeded(self.seconds) from None  # raised bare by the watchdog


def _async_raise(thread: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in the thread ``thread`` at its next instruction (None: cancel a
    pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else ctypes.c_void_p(0)
    )
