"""``ARCHITECTURE.md`` lists every module of the package in its layout tree, and nothing else."""

from __future__ import annotations

from pathlib import Path

import regex as re

ROOT = Path(__file__).resolve().parent.parent
#: A line of the tree: its indent, then a folder (``name/``) or file names (``a.py b.py``).
ENTRY = re.compile(r"^(?P<indent> *)(?P<names>[\w]+/|[\w.]+\.py(?: [\w.]+\.py)*)(?: |$)")


def _tree() -> set[str]:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    listed: set[str] = set()
    folders: list[tuple[int, str]] = []
    for line in block.splitlines():
        match = ENTRY.match(line)
        if match is None:
            continue
        indent = len(match["indent"])
        folders = [(i, f) for i, f in folders if i < indent]
        prefix = "".join(f for _, f in folders)
        if match["names"].endswith("/"):
            folders.append((indent, match["names"]))
        else:
            listed.update(prefix + name for name in match["names"].split())
    return listed


def test_the_layout_lists_every_module() -> None:
    package = ROOT / "extractor"
    modules = {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*.py")
        if path.name != "__init__.py" or path.parent == package
    }
    assert _tree() == modules
