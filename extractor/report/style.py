"""The look of the report pages: one stylesheet, inlined, in the manner of displaCy."""

from __future__ import annotations

from html import escape

#: The labels that are highlighted, in the order they win over one another where they overlap.
LABELS: tuple[str, ...] = ("MONEY", "PERCENT", "ORG", "METRIC")
#: One hue per label, so that money and percentages are told apart at a glance (displaCy
#: gives both the same pale green); ORG keeps displaCy's cyan.
COLOURS = {"MONEY": "#c9e7b1", "PERCENT": "#e3d3fb", "ORG": "#7aecec", "METRIC": "#ffd966"}
_BORDERS = {"MONEY": "#4f8a2b", "PERCENT": "#8a56d6", "ORG": "#33b5b5", "METRIC": "#d4a017"}

STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto;
       max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.entities { line-height: 2.5; border-top: 1px solid #ddd; padding-top: 1rem; }
.ent { padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; border-radius: 0.35em;
       position: relative; cursor: help; white-space: nowrap; }
.ent .label { font-size: 0.7em; font-weight: bold; line-height: 1; vertical-align: middle;
              margin-left: 0.5rem; }
.ent::after { content: attr(data-tip); position: absolute; left: 0; bottom: 2.4em;
              z-index: 10; display: none; white-space: nowrap; padding: 0.3em 0.6em;
              background: #222; color: #fff; font-size: 0.8rem; border-radius: 0.3em; }
.ent:hover::after, .ent:focus::after { display: block; }
.legend .ent { cursor: default; }
.sentence:target + * , .sentence:target { outline: 2px solid #f39c12; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #eee; }
th { background: #f6f6f6; }
td.sentence { color: #444; font-size: 0.85rem; min-width: 16em; }
.note, .counts, .nav { color: #555; }
svg text { font-family: inherit; font-size: 11px; fill: #333; }
""" + "".join(
    f".ent-{label.lower()} {{ background: {COLOURS[label]}; "
    f"border-bottom: 2px solid {_BORDERS[label]}; }}\n"
    for label in LABELS
)


def page(title: str, body: str) -> str:
    """A whole HTML page: ``body`` is trusted markup, ``title`` is escaped here."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
