"""How inputs are read: the one options type and the one cap, and the formats by file name."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "ReadOptions", "detect_format"]

#: The input formats, as ``ReadOptions.input_format`` names them.
FORMATS = ("text", "jsonl", "csv", "html", "warc")

#: The formats that hold one document per file (markdown is read as text).
DOCUMENT_FORMATS = ("text", "html")

#: The one cap, in bytes, of a document and of what is unpacked without one (20 MiB).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: File name endings and their formats, longest first where one ends another.
EXTENSIONS = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".csv.gz", "csv"),
    (".csv", "csv"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".markdown", "text"),
)


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read, by every command and engine.

    ``include`` and ``exclude`` are glob patterns matched against the path of a file relative
    to the folder given (``2024/jan/a.txt``) and against its bare name; with no ``include``,
    every file of a known format is read, and ``exclude`` wins. A folder that matches
    ``exclude`` is not entered. ``input_format`` forces one format on every file and on
    standard input; without it the format comes from the file name, and standard input is
    JSONL when it starts with ``{`` and one text otherwise.

    ``text_field``, ``id_field`` and ``date_field`` name the fields of a JSONL object or a CSV
    row that hold the text, the document's id and its publication date (``Source.published``).

    ``max_bytes`` is the one cap: it bounds a text or HTML file, each JSONL line, CSV text
    field and WARC payload, and what is unpacked from a compressed input without a document
    in it.

    >>> ReadOptions(input_format="pdf")
    Traceback (most recent call last):
    ...
    extractor.errors.UsageError: unknown input format 'pdf': use one of text, jsonl, csv, html, warc
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str | None = "id"
    date_field: str | None = None
    input_format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.input_format is not None and self.input_format not in FORMATS:
            known = ", ".join(FORMATS)
            raise UsageError(f"unknown input format {self.input_format!r}: use one of {known}")
        if self.max_bytes < 1:
            raise UsageError(f"--max-bytes must be positive, not {self.max_bytes}")
        if not self.text_field:
            raise UsageError("--text-field must name a field")

    def format_of(self, path: str) -> str | None:
        """The format ``path`` is read in: the one forced, or the one its name tells."""
        return self.input_format or detect_format(path)


def detect_format(path: str) -> str | None:
    """The format of a file by its name, or ``None`` when the name does not tell.

    >>> detect_format("news/2024/Day-1.JSONL.gz")
    'jsonl'
    >>> detect_format("crawl.warc.gz"), detect_format("notes.md"), detect_format("a.pdf")
    ('warc', 'text', None)
    """
    name = path.lower()
    for ending, input_format in EXTENSIONS:
        if name.endswith(ending):
            return input_format
    return None
