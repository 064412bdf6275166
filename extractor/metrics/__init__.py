"""Financial metrics: the finder of metric phrases (:mod:`.finder`) and the ``fin_metric`` spaCy
component (:mod:`.component`)."""
