"""The document-level spaCy pieces every feature uses: the ``Doc`` extensions
(:mod:`.extensions`), the token table and span helpers (:mod:`.tokens`), the ``fin_sentences``
component (:mod:`.sentences`) and the ``fin_ents`` component (:mod:`.ents`)."""
