"""One way in: every command and engine reads its inputs through this package.

- :class:`ReadOptions` (:mod:`.options`): how inputs are read, with the one cap
  (:data:`DEFAULT_MAX_BYTES`) on a document and on what is unpacked without one.
- :class:`Inputs` (:mod:`.walk`): folders, files and ``-`` walked once, for the reading, the
  check of what is missing, the progress bar's count and the Dask engine's partitions.
- :func:`iter_articles`, :func:`read_file`, :func:`read_document` (:mod:`.read`): the
  :class:`Article` items (text, id, :class:`~extractor.records.Source` with URL, title and
  publication date) and a :class:`Failure` for everything that cannot be read, by format:
  text and markdown, HTML through trafilatura (:mod:`.html`), JSONL (:mod:`.jsonl`) and CSV
  (:mod:`.csv`), plain or gzipped, and WARC (:mod:`.warc`).
- :func:`decode_text` (:mod:`.decode`): bytes to text in whatever encoding they are in.
- :func:`read_records` (:mod:`.records`): a batch's JSONL output read back as records.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "wulf.txt").write_text("TeraWulf posted a $427 million loss.", "utf-8")
>>> [(a.id, a.text) for a in iter_articles([str(folder)])]
[('wulf.txt', 'TeraWulf posted a $427 million loss.')]
"""

from .decode import decode_text
from .items import Article, Failure
from .options import DEFAULT_MAX_BYTES, DOCUMENT_FORMATS, FORMATS, ReadOptions, detect_format
from .read import FilePart, iter_articles, read_document, read_entry, read_file
from .records import is_records_file, read_records
from .walk import InputFile, Inputs, StandardInput

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DOCUMENT_FORMATS",
    "FORMATS",
    "Article",
    "Failure",
    "FilePart",
    "InputFile",
    "Inputs",
    "ReadOptions",
    "StandardInput",
    "decode_text",
    "detect_format",
    "is_records_file",
    "iter_articles",
    "read_document",
    "read_entry",
    "read_file",
    "read_records",
]
