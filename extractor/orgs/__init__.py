"""Organisations in news: evidence rules, document-level propagation, canonical names.

Stages: :mod:`.knowledge` compiles the lexicons once; :mod:`.names` holds the pure functions on
names (canonical form, short forms, kind); :mod:`.recognizer` finds the organisations of one
document from its token table and text.
"""
