"""Pure functions on organisation names: canonical form, short forms, acronyms, kind.

>>> suffixes = frozenset({"Inc", "Inc.", "Corp", "Group", "plc", "&", "Co", "Co.", "Holdings"})
>>> canonical_name("Goldman Sachs Group Inc.", suffixes)
'Goldman Sachs'
>>> canonical_name("TeraWulf's", suffixes), canonical_name("The Walt Disney Co", suffixes)
('TeraWulf', 'Walt Disney')
>>> name_key("Amazon.com, Inc."), name_key("AMAZON.COM")
('amazon.com inc.', 'amazon.com')
>>> is_acronym_of("CRI", "Carr, Riggs & Ingram"), is_acronym_of("CSI", "Commodity Systems, Inc")
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def canonical_name(surface: str, suffixes: frozenset[str]) -> str:
    """The name without a leading "The", possessive, or trailing legal forms.

    >>> canonical_name("Carr, Riggs & Ingram, LLC", frozenset({"LLC"}))
    'Carr, Riggs & Ingram'
    """
    words = _POSSESSIVE.sub("", " ".join(surface.split())).split(" ")
    if len(words) > 1 and words[0] in ("The", "the"):
        words = words[1:]
    while len(words) > 1:
        last = words[-1].rstrip(",")
        if (
            last in suffixes
            or last.rstrip(".") in suffixes
            or f"{last}." in suffixes  # "N.V" of "N.V." at the end of a sentence
            or last in ("&", "and", "AND")
        ):
            words.pop()
        else:
            break
    return " ".join(words).rstrip(",")


def name_key(name: str) -> str:
    """A key that merges spellings of one name: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w&.+-]+", " ", name.casefold()).split())


def is_acronym_of(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is made of the initials of ``name``'s capitalised words."""
    initials = "".join(w[0] for w in re.findall(r"[A-Z][\w]*", name))
    return len(acronym) >= 2 and acronym.upper() == initials.upper()


def kind_of(tokens: Iterable[str], kind_words: Mapping[str, str], default: str = "company") -> str:
    """The kind a name's own words tell, from its head noun: the last word of kind, or the last
    before "of" ("Bank" -> bank); phrases of two words first.

    >>> kinds = {"Bank": "bank", "Department": "government", "Stores": "company"}
    >>> kind_of("Federated Department Stores".split(), kinds, "other")
    'company'
    >>> kind_of("Bank of Montreal".split(), kinds)
    'bank'
    >>> kind_of("Ohio Department of Stores".split(), kinds)
    'government'
    """
    words = list(tokens)
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    for size in (2, 1):
        for start in range(len(words) - size, -1, -1):
            kind = kind_words.get(" ".join(words[start : start + size]))
            if kind is not None:
                return kind
    return default
