"""Reading texts from files and standard input, with clear errors for bad input."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from .errors import InputError

#: Larger inputs are refused rather than read into memory whole.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, *, source: str) -> str:
    """Decode the bytes of a text file: a BOM if there is one, otherwise UTF-8.

    Raises :class:`InputError` naming ``source`` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(source, "empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"invalid {encoding} text: {exc.reason}") from exc
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary data, not text (it holds NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from exc


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a file, or of standard input when ``path`` is ``-``."""
    source = str(path)
    try:
        if source == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            file = Path(path)
            if file.is_dir():
                raise InputError(source, "is a folder, not a file")
            with file.open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise InputError(source, f"larger than {max_bytes} bytes")
    return decode_text(data, source=source)
