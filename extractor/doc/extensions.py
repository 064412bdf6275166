"""The ``doc._.fin_*`` attributes our components set, registered once.

They hold the validated records of each stage, so that users who build their own spaCy pipelines
read the same values that :func:`extractor.extract` returns.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..serialization import register_msgpack

#: Attribute name -> what it holds. Every one defaults to None until its component has run.
DOC_EXTENSIONS: dict[str, str] = {
    "fin_money": "tuple of MoneyMention, set by fin_money",
    "fin_crypto": "tuple of CryptoMention, set by fin_money when its crypto option is on",
    "fin_percentages": "tuple of PercentMention, set by fin_percent",
    "fin_companies": "tuple of Company, set by fin_company",
    "fin_main_company": "name of the article's main company, set by fin_company",
    "fin_lead_company": "name of the company of the headline or first sentence, set by fin_company",
    "fin_sentence_subjects": "tuple of SentenceSubject (by sentence start), set by fin_company",
    "fin_metrics": "tuple of MetricMention, set by fin_metric",
    "fin_facts": "tuple of Fact, set by fin_facts",
    "fin_published": "the article's publication date (a date or ISO string), read by fin_facts",
}


def register_extensions() -> None:
    """Register the ``doc._.fin_*`` attributes; safe to call more than once."""
    register_msgpack()
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
