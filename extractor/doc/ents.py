"""The ``fin_ents`` component: our findings and a statistical NER's entities in ``doc.ents``.

The merge policy, one for the whole pipeline:

1. our spans are taken first, in this order: money (``MONEY``), percentages (``PERCENT``),
   organisations (``ORG``, which already hold the model's ORG entities that passed our
   filters, see :mod:`extractor.orgs.recognizer`) and metrics (``METRIC``);
2. a model entity is kept only where it overlaps none of ours (its PERSON, GPE, DATE...; a
   model ORG, MONEY or PERCENT that our rules rejected or read differently is dropped);
3. the result replaces ``doc.ents``, so displaCy, ``doc.ents`` users and
   ``spacy.training`` tools see one consistent set.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for name in ("fin_sentences", "fin_money", "fin_percent", "fin_company", "fin_ents"):
...     _ = nlp.add_pipe(name)
>>> [(e.text, e.label_) for e in nlp("Acme Corp said sales rose 5% to $2 million.").ents]
[('Acme Corp', 'ORG'), ('5%', 'PERCENT'), ('$2 million', 'MONEY')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..spans import Occupied

#: Our span groups and the entity label each becomes, in the order they win overlaps.
DEFAULT_SOURCES = {
    "fin_money": "MONEY",
    "fin_percent": "PERCENT",
    "fin_company": "ORG",
    "fin_metric": "METRIC",
}


@Language.factory("fin_ents", default_config={"sources": DEFAULT_SOURCES, "keep_model": True})
def make_ents_component(
    nlp: Language, name: str, sources: dict[str, str], keep_model: bool
) -> EntsComponent:
    return EntsComponent(name, sources=sources, keep_model=keep_model)


class EntsComponent:
    """Sets ``doc.ents`` from our span groups, and the model's entities where ours are silent."""

    def __init__(self, name: str, *, sources: dict[str, str], keep_model: bool) -> None:
        self.name = name
        self.sources = dict(sources)
        self.keep_model = keep_model

    def __call__(self, doc: Doc) -> Doc:
        ours: list[Span] = []
        taken = Occupied(len(doc))  # the tokens of ``ours``
        for key, label in self.sources.items():
            for span in doc.spans.get(key, ()):
                start, end = span.start, span.end
                if not taken.overlaps(start, end):
                    ours.append(Span(doc, start, end, label=label))
                    taken.add(start, end)
        kept = list(ours)
        if self.keep_model:
            kept += [ent for ent in doc.ents if not taken.overlaps(ent.start, ent.end)]
        if all(span.start < span.end for span in kept):
            doc.ents = sorted(kept, key=_start)  # no two overlap: what filter_spans would keep
        else:
            doc.ents = filter_spans(kept)
        return doc


def _start(span: Span) -> int:
    return span.start
