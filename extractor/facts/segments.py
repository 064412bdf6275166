"""Sentences, paragraphs and clauses for linking facts. Pure functions, no spaCy.

Facts never cross a sentence. A sentence ends at a sentence-ending token (the pipeline gives
their offsets: its tokenizer keeps "Inc." and "U.S." whole) and at a line break that ends a
line of its own: a blank line, an indented next line, a headline or heading, a table row or a
list item. A line break inside wrapped prose ("a loss for the year ended\\nNovember 30 of
...") is no boundary: the next line starts in lower case, or the line before is a long line
of prose that does not end a sentence.

>>> text = "ACME 4TH QTR NET\\n\\nAcme Corp said its net income rose\\nto $5 mln.\\n    Shr 5 cts"
>>> [text[s:e].strip() for s, e in sentences(text, [text.index(".") + 1])]
['ACME 4TH QTR NET', 'Acme Corp said its net income rose\\nto $5 mln.', 'Shr 5 cts']
>>> [text[s:e].strip()[:9] for s, e in paragraphs(text)]
['ACME 4TH ', 'Acme Corp', 'Shr 5 cts']
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

Span = tuple[int, int]

#: A line break with the white space around it.
_BREAK = re.compile(r"[ \t\r]*+\n(?P<after>[ \t\r\n]*+)")
#: Two columns in one line: a table row ("Revenue    $5.2bn    $4.8bn") or a tabbed line.
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S")
#: A list item or a bullet at the start of a line.
_BULLET = re.compile(r"[•·▪●◦*\-–—]\s|\(?[0-9a-z]\)\s")
#: Words that leave a line open: "for the year ended\n", "revenue of\n".
_OPEN_END = re.compile(
    r"(?:[,(\-–—/&]|\b(?i:and|or|of|to|from|the|a|an|in|for|by|with|at|on|per|vs|versus|than|"
    r"its|their|was|were|is|are|be|been|said|says))\Z"
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\Z")
#: A wrapped line of prose is at least this long; shorter lines are headings or rows.
PROSE_LINE = 40
_TEXT = re.compile(r"\S")
#: Clause boundaries inside a sentence: "; ", ", and", "after", "while", "whereas".
_CLAUSE = re.compile(
    r";\s*+|:\s++(?=\W*+[A-Z])"
    r"|,\s*+(?=(?i:and|but|while|whereas|although|though|after|as\s+well\s+as)\b)"
    r"|\s(?=(?i:after|while|whereas|although)\s)|\s(?=(?i:and)\s+(?i:in|for|during)\s)"
    r"|\s(?=(?i:resulted\s+in|results\s+in|contributed\s+to|led\s+to)\s)"
    r"|\s(?=(?i:and)\s++(?:\w+ly\s++)?(?i:raised|cut|lifted|lowered|kept|said|reported|posted|"
    r"announced|increased|reduced|expects|expected|sees|set|declared|approved|plans|added|"
    r"booked|recorded|took|swung|returned)\b)"
)


def layout(text: str, ends: Sequence[int]) -> tuple[list[Span], list[int]]:
    """The sentences of ``text`` and where its paragraphs start, in one pass over its lines.

    ``ends`` are the offsets right after sentence-ending tokens.
    """
    lines: list[tuple[int, str, str]] = []  # (offset after the break, line before, white space)
    line_start = 0
    for match in _BREAK.finditer(text):
        after = match.end()
        if after >= len(text):
            break
        lines.append((after, text[line_start : match.start()].strip(), match.group("after")))
        line_start = after
    starts = {0, *(e for e in ends if 0 < e < len(text))}
    starts.update(after for after, line, gap in lines if _is_boundary(text, line, after, gap))
    ordered = sorted(starts)
    bounds = [*ordered[1:], len(text)]
    found = [(s, e) for s, e in zip(ordered, bounds, strict=True) if _TEXT.search(text, s, e)]
    indented = sum(1 for _, _, gap in lines if gap.strip("\n")) >= 2
    paragraph_starts = [0]
    for after, line, gap in lines:
        if gap or (
            not indented and (_ends_sentence(line) or (_is_heading(line) and not _open(line)))
        ):
            paragraph_starts.append(after)
    return found, paragraph_starts


def _is_boundary(text: str, line: str, next_start: int, gap: str) -> bool:
    if gap:
        return True  # a blank line, or an indented next line
    following = text[next_start : next_start + 3]
    if (("  " in line or "\t" in line) and _COLUMNS.search(line)) or _BULLET.match(following):
        return True
    if following[:1].islower():
        return False
    if _open(line):
        return False
    if _ends_sentence(line):
        return True
    return len(line) < PROSE_LINE or _is_heading(line)


#: How much of a line's end the end tests look at.
_TAIL = 16


def _open(line: str) -> bool:
    """The line ends on a word that wants more: "and", "of", "ended", a comma."""
    return bool(_OPEN_END.search(line, max(0, len(line) - _TAIL)))


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line, max(0, len(line) - _TAIL)))


def _is_heading(line: str) -> bool:
    """A line in capitals, or of a few title-case words: a headline or a heading."""
    words = line.split()
    if not words or len(words) > 12:
        return False
    if line.upper() == line and any(ch.isalpha() for ch in line):
        return True
    capitals = sum(1 for word in words if word[:1].isupper() or not word[:1].isalpha())
    return capitals == len(words)


def sentences(text: str, ends: Sequence[int]) -> list[Span]:
    """The sentences of ``text``: ``ends`` are offsets right after sentence-ending tokens."""
    return layout(text, ends)[0]


def paragraphs(text: str) -> list[Span]:
    """Paragraphs: separated by a blank line or an indented line; in a text that does not
    indent its paragraphs, also by a break after a line that ends a sentence or a heading."""
    starts = layout(text, ())[1]
    bounds = [*starts[1:], len(text)]
    return [(s, e) for s, e in zip(starts, bounds, strict=True) if text[s:e].strip()]


#: Clause boundaries across which a period does not carry: "... after first-half sales
#: climbed", "... taken in the first quarter resulted in a net loss".
_HARD_CLAUSE = re.compile(
    r",?\s*+(?=(?i:after|resulted\s+in|results\s+in|contributed\s+to|led\s+to)\s)"
)


def hard_cuts(text: str, start: int, end: int) -> set[int]:
    """The clause starts of a sentence that a period does not carry across."""
    return {m.end() for m in _HARD_CLAUSE.finditer(text, start, end)}


def clauses(text: str, start: int, end: int) -> list[Span]:
    """The clauses of one sentence: split at ";" and before "and", "but", "after", "while"."""
    cuts = [m.end() for m in _CLAUSE.finditer(text, start, end)]
    starts = [start, *cuts]
    return list(zip(starts, [*cuts, end], strict=True))
