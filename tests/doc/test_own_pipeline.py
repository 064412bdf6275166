"""Our components in someone else's spaCy pipeline: the README's code, run as written."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from helpers import ROOT


def _readme_block(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_pipeline_code_runs_with_a_model(tiny_model: Path) -> None:
    code = _readme_block("Inside your own spaCy pipeline")
    assert 'spacy.load("en_core_web_sm")' in code
    code = code.replace('spacy.load("en_core_web_sm")', f"spacy.load({str(tiny_model)!r})")
    namespace: dict[str, object] = {"print": lambda *args: None}
    exec(compile(code, "README.md", "exec"), namespace)
    doc = namespace["doc"]
    ents = [(e.text, e.label_) for e in doc.ents]  # type: ignore[attr-defined]
    assert ("Zentrix", "ORG") in ents  # the model's name, which no rule knows
    # the model reads "Automation Corp"; our suffix rule wins with the whole name
    assert ents.count(("Kestrel Automation Corp", "ORG")) == 2
    assert ("Automation Corp", "ORG") not in ents
    assert ("4%", "PERCENT") in ents and ("$960 million", "MONEY") in ents
    assert ("revenue", "METRIC") in ents
    money = doc._.fin_money  # type: ignore[attr-defined]
    assert [(m.value, m.currency) for m in money] == [(Decimal("960000000"), "USD")]
    (fact,) = doc._.fin_facts  # type: ignore[attr-defined]
    assert (fact.metric, fact.company, fact.value.amount) == (
        "revenue",
        "Kestrel Automation",
        Decimal("960000000"),
    )
    # the first sentence is about the model's Zentrix: the article's main company
    assert doc._.fin_main_company == "Zentrix"  # type: ignore[attr-defined]


def test_factories_come_by_entry_points_without_importing_extractor() -> None:
    code = (
        "import spacy, sys\n"
        "nlp = spacy.blank('en')\n"
        "for name in ('fin_sentences', 'fin_money', 'fin_percent', 'fin_ents'):\n"
        "    nlp.add_pipe(name)\n"
        "doc = nlp('Sales rose 5% to $2 million.')\n"
        "print([(e.text, e.label_) for e in doc.ents])\n"
        "print('extractor' in sys.modules and 'imported-by-entry-point')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    first, second = result.stdout.splitlines()
    assert first == "[('5%', 'PERCENT'), ('$2 million', 'MONEY')]"
    assert second == "imported-by-entry-point"
