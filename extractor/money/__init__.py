"""Money: the grammar that finds and reads amounts (:mod:`.grammar`), what the rest of the text
decides about them (:mod:`.in_text`, :mod:`.currency_context`), and the ``fin_money`` spaCy
component (:mod:`.component`)."""
