"""Decoding the bytes of texts, with clear errors for bad input.

Archives hold text in many encodings, so :func:`decode_text` finds the encoding rather than
assuming UTF-8. charset-normalizer does the encoding marks: a byte-order mark (UTF-8, UTF-16,
UTF-32), then, for data with NUL bytes, UTF-16 or UTF-32 without one (taken only where the
NUL bytes sit where that encoding puts them: binary data has NUL bytes too). Then strict
UTF-8; then our policy for single-byte text: Windows-1252 (the usual Western encoding, a
superset of Latin-1's printable characters) when it reads cleanly, and only then
charset-normalizer's best guess, when that guess is confident. Binary data is refused, never
decoded as garbage.
"""

from __future__ import annotations

import codecs

import regex as re
from charset_normalizer import from_bytes
from charset_normalizer.utils import identify_sig_or_bom

from ..errors import (
    BinaryInputError,
    EmptyInputError,
    UndecodableInputError,
)

#: The codecs that read text after the byte-order marks charset-normalizer finds, the mark
#: left out of the text.
_BOM_CODECS = {"utf_8": "utf-8-sig", "utf_16": "utf-16", "utf_32": "utf-32"}

#: The encodings whose text holds NUL bytes, with where they are: the NUL share of each byte
#: of a code unit, low for a byte that holds the character (``< 0.1``), high for one that is
#: mostly zero (``> 0.25``, or ``> 0.9`` in UTF-32).
_WIDE = {
    "utf_16_le": (("low", "high"), 0.25),
    "utf_16_be": (("high", "low"), 0.25),
    "utf_32_le": (("low", "any", "high", "high"), 0.9),
    "utf_32_be": (("high", "high", "any", "low"), 0.9),
}

#: Bytes looked at to tell UTF-16/32 from binary, and characters looked at for control codes.
_SAMPLE = 64 * 1024

#: A guess of charset-normalizer is taken only when its text reads this cleanly: its "chaos"
#: (the share of the text that looks like mojibake) is at most this.
_MAX_CHAOS = 0.1

#: Decoded text with more control characters than this share of it is binary data.
_MAX_CONTROL_SHARE = 0.05

#: Undecodable input with at least this share of printable ASCII bytes is text in an unknown
#: encoding; with less it is binary data.
_MIN_ASCII_SHARE_OF_TEXT = 0.7

CONTROL_CHARACTERS = re.compile(
    r"""
    [\x00-\x08]     # C0 controls before tab
    | [\x0e-\x1f]   # C0 controls after carriage return
    | [\x7f-\x9f]   # delete and the C1 controls
    """,
    re.VERBOSE,
)

PRINTABLE_ASCII = re.compile(
    rb"""
    [\x20-\x7e]     # printable ASCII
    | [\t\n\r\f\v]  # whitespace controls
    """,
    re.VERBOSE,
)


def decode_text(data: bytes, *, source: str) -> str:
    """Decode the bytes of a text file in whatever encoding it is in.

    Raises an :class:`InputError` naming ``source`` for empty, binary or undecodable input.

    >>> decode_text("Caf\\u00e9 sales rose 5%".encode("cp1252"), source="a.txt")
    'Café sales rose 5%'
    >>> decode_text("Profit \\u20ac5m".encode("utf-16-le"), source="a.txt")
    'Profit €5m'
    """
    encoding = detect_encoding(data, source=source)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableInputError(source, f"invalid {encoding} text: {exc.reason}") from exc
    _check_text(text, source=source)
    return text


def detect_encoding(data: bytes, *, source: str, partial: bool = False) -> str:
    """The name of the codec that decodes ``data``, the start of a text.

    With ``partial``, ``data`` is only the first bytes of a longer input, so a character cut at
    its end is no error. Raises an :class:`InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise EmptyInputError(source, "empty input")
    marked, _ = identify_sig_or_bom(data)
    if marked in _BOM_CODECS:
        encoding = _BOM_CODECS[marked]
        if not _decodes(data, encoding, partial=partial):
            raise UndecodableInputError(source, f"invalid {encoding} text after its BOM")
        return encoding
    if b"\x00" in data:
        wide = _wide_encoding(data)
        if wide is not None and _decodes(data, wide, partial=partial):
            return wide
        raise BinaryInputError(source, "binary data, not text (it holds NUL bytes)")
    if _decodes(data, "utf-8", partial=partial):
        return "utf-8"
    return _guess_single_byte(data, source=source)


def _check_text(text: str, *, source: str) -> None:
    """Refuse decoded text that is white space only (b"\\x00\\t\\x00\\t" is UTF-16 for two
    tabs), holds NUL characters or is full of control characters."""
    if not text.strip():
        raise EmptyInputError(source, "empty input (white space only)")
    if "\x00" in text:
        raise BinaryInputError(source, "binary data, not text (it holds NUL characters)")
    sample = text[:_SAMPLE]
    controls = sum(1 for _ in CONTROL_CHARACTERS.finditer(sample))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise BinaryInputError(source, "binary data, not text (it is full of control characters)")


def _decodes(data: bytes, encoding: str, *, partial: bool) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(data, final=not partial)
    except UnicodeDecodeError:
        return False
    return True


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM: charset-normalizer's guess, taken when the NUL bytes
    are where that encoding puts them.

    Text in these encodings is mostly characters below U+0100 or U+10000, so the high bytes
    of every code unit are NUL: every other byte for UTF-16, and two or three of every four
    for UTF-32. Binary data has NUL bytes too, but not in such a regular pattern.

    >>> _wide_encoding("Net sales".encode("utf-16-be"))
    'utf-16-be'
    >>> _wide_encoding(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR") is None
    True
    """
    sample = data[: _SAMPLE - _SAMPLE % 4]
    sample = sample[: len(sample) - len(sample) % 4] or sample
    guess = from_bytes(sample, cp_isolation=list(_WIDE)).best()
    if guess is None or guess.encoding not in _WIDE:
        return None
    roles, high = _WIDE[guess.encoding]
    width = len(roles)
    for start, role in enumerate(roles):
        share = _nul_share(sample[start::width])
        if (role == "low" and share >= 0.1) or (role == "high" and share <= high):
            return None
    return codecs.lookup(guess.encoding).name


def _nul_share(data: bytes) -> float:
    return data.count(0) / len(data) if data else 0.0


def _guess_single_byte(data: bytes, *, source: str) -> str:
    """Windows-1252 when it reads cleanly, else charset-normalizer's confident guess."""
    western = from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None and western.chaos <= _MAX_CHAOS:
        return "cp1252"
    guess = from_bytes(data).best()
    if guess is not None and guess.chaos <= _MAX_CHAOS:
        return guess.encoding
    sample = data[:_SAMPLE]
    printable = sum(len(match) for match in PRINTABLE_ASCII.findall(sample))
    if printable < _MIN_ASCII_SHARE_OF_TEXT * len(sample):
        raise BinaryInputError(source, "binary data, not text (no text encoding fits it)")
    first_bad = _first_undecodable(data)
    raise UndecodableInputError(
        source,
        f"not UTF-8 text (byte 0x{data[first_bad]:02x} at offset {first_bad}), "
        "and no other encoding reads it cleanly",
    )


def _first_undecodable(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0
