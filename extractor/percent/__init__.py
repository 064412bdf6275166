"""Percentages: the grammar (:mod:`.grammar`) and the ``fin_percent`` spaCy component
(:mod:`.component`)."""
