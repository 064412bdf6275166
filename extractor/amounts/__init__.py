"""Amounts in text, whatever their kind: numbers in digits and words, and the found
:class:`~extractor.amounts.quantity.Quantity` with the passes money and percent share (ranges,
qualifiers). Pure Python, no spaCy."""
