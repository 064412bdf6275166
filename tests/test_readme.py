"""The README's examples are the real output of their commands, so the README cannot drift.

What is run (each example in a temporary folder where ``corpora/`` is this project's):

- every ```console block: its ``$`` lines run in bash, in order; lines without ``$`` are the
  expected output of the last command (stdout and stderr, as a terminal shows them), where a
  line ``...`` stands for lines left out; an example that reads ``../shared`` is skipped
  where that is absent;
- every ```json block right after a ```console block: the JSON the last command prints, or a
  part of it (an entry of a list, an object inside it). An object with a ``"..."`` key may leave
  out other keys; a list whose last item is ``"..."`` may leave out the items after the others.
  Numbers compare exactly;
- every ```python block, as a script: a line ``EXPRESSION  # -> REPR`` checks ``repr()`` of the
  expression. A block right after ``<!-- readme-test: skip REASON -->`` is not run (the reason
  says where else that code is tested).

When an output changes on purpose, the failure shows the README's block and the real output in
the README's own shape, as a diff; paste the real one in. ``python tests/test_readme.py`` prints
every example's real output that way. Nothing here ever writes the README.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SHARED

README = ROOT / "README.md"
ELLIPSIS = "..."
SKIP = re.compile(r"<!--\s*readme-test:\s*skip\b(?P<reason>.*?)-->", re.DOTALL)
EXPECTS = re.compile(r"^(?P<indent>\s*)(?P<expr>\S.*?)\s+# -> (?P<repr>.+)$")


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int  # of the opening fence, counted from 1
    skip: str | None  # the reason, when a skip marker comes right before it


def blocks(markdown: str) -> list[Block]:
    """The fenced code blocks of ``markdown``, in order."""
    found: list[Block] = []
    lines = markdown.splitlines()
    number = 0
    while number < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[number])
        if not fence:
            number += 1
            continue
        end = number + 1
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        before = "\n".join(lines[max(0, number - 3) : number])
        marker = SKIP.search(before)
        found.append(
            Block(
                fence.group(1),
                "\n".join(lines[number + 1 : end]),
                number + 1,
                " ".join(marker.group("reason").split()).lstrip(":, ") if marker else None,
            )
        )
        number = end + 1
    return found


@dataclass(frozen=True)
class Example:
    """Console commands, what the last prints (text), and the JSON block after them."""

    commands: list[str]
    output: list[str]
    line: int
    json_block: Block | None


def examples(markdown: str) -> list[Example]:
    found = blocks(markdown)
    made = []
    for number, block in enumerate(found):
        if block.language != "console":
            continue
        commands, output = [], []
        for line in block.text.splitlines():
            if line.startswith("$ "):
                commands.append(line[2:])
            elif line.strip():
                output.append(line.rstrip())
        following = found[number + 1] if number + 1 < len(found) else None
        json_block = following if following and following.language == "json" else None
        if json_block is not None and not _adjacent(markdown, block, json_block):
            json_block = None
        made.append(Example(commands, output, block.line, json_block))
    return made


def _adjacent(markdown: str, first: Block, second: Block) -> bool:
    """Whether only blank lines and prose of one paragraph stand between two blocks."""
    lines = markdown.splitlines()
    between = lines[first.line + len(first.text.splitlines()) + 1 : second.line - 1]
    return sum(1 for line in between if not line.strip()) <= 2 and len(between) <= 4


def _workspace(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A folder to run examples in, as a checkout: ``corpora/`` is ours and ``../shared`` is
    the shared data (where there is some); and the environment, with our ``extractor``."""
    checkout = tmp / "checkout"
    checkout.mkdir()
    (checkout / "corpora").symlink_to(ROOT / "corpora")
    if SHARED.exists():
        (tmp / "shared").symlink_to(SHARED)
    bin_dir = str(Path(sys.executable).parent)
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    return checkout, {**os.environ, "PATH": path}


def run_example(example: Example, tmp: Path) -> str:
    """Run the commands in ``tmp``; the last one's stdout and stderr, as a terminal shows them."""
    if any("../shared/" in command for command in example.commands) and not SHARED.exists():
        pytest.skip(f"README.md:{example.line} reads ../shared, which is not here")
    cwd, env = _workspace(tmp)
    out = ""
    for command in example.commands:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=600,
        )
        out = done.stdout
    return out


# --- comparing JSON -----------------------------------------------------------------------


def _load(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` is ``expected``, where ``expected`` may be abridged with "..."."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return False
        keys = set(expected) - {ELLIPSIS}
        if ELLIPSIS not in expected and keys != set(actual):
            return False
        return keys <= set(actual) and all(matches(expected[k], actual[k]) for k in keys)
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        if expected and expected[-1] == ELLIPSIS:
            head = expected[:-1]
            return len(actual) >= len(head) and all(map(matches, head, actual))
        return len(expected) == len(actual) and all(map(matches, expected, actual))
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | Decimal) and isinstance(actual, int | Decimal):
        return Decimal(expected) == Decimal(actual)
    return bool(expected == actual)


def lines_match(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines are the ``expected`` ones, where a line ``...`` (alone, after
    its indentation) stands for any number of lines.

    >>> lines_match(["a", "...", "d"], ["a", "b", "c", "d"]), lines_match(["a"], ["a", "b"])
    (True, False)
    """
    if not expected:
        return not actual
    if expected[0].strip() == ELLIPSIS:
        return any(lines_match(expected[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and lines_match(expected[1:], actual[1:])


def parts(value: Any) -> list[Any]:
    """``value`` and every object and list inside it, outermost first."""
    found = [value]
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        if isinstance(child, dict | list):
            found.extend(parts(child))
    return found


def shaped(expected: Any, actual: Any) -> Any:
    """``actual`` cut to the shape of ``expected``: the keys it shows, "..." where it has it."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        if ELLIPSIS not in expected:
            return {k: shaped(expected.get(k), v) for k, v in actual.items()}
        kept = {k: shaped(expected[k], actual[k]) for k in expected if k in actual}
        return {**kept, ELLIPSIS: ELLIPSIS}
    if isinstance(expected, list) and isinstance(actual, list):
        if expected and expected[-1] == ELLIPSIS:
            head = expected[:-1]
            return [shaped(e, a) for e, a in zip(head, actual, strict=False)] + [ELLIPSIS]
        pad = expected + [None] * (len(actual) - len(expected))
        return [shaped(e, a) for e, a in zip(pad, actual, strict=False)]
    return actual


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_decimal) + "\n"


def _decimal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


def closest(expected: Any, actual: Any) -> Any:
    """The part of ``actual`` that ``expected`` is most like, in its shape."""
    candidates = [p for p in parts(actual) if type(p) is type(expected)]

    def distance(candidate: Any) -> float:
        return -difflib.SequenceMatcher(
            None, _dumps(expected), _dumps(shaped(expected, candidate))
        ).ratio()

    return shaped(expected, min(candidates, key=distance)) if candidates else actual


# --- the tests ----------------------------------------------------------------------------

MARKDOWN = README.read_text(encoding="utf-8")
EXAMPLES = examples(MARKDOWN)


def test_the_readme_has_examples_to_check() -> None:
    assert sum(1 for e in EXAMPLES if e.json_block) >= 3
    assert sum(1 for b in blocks(MARKDOWN) if b.language == "python" and not b.skip) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"README.md:{e.line}" for e in EXAMPLES])
def test_each_console_example_is_the_real_output(example: Example, tmp_path: Path) -> None:
    out = run_example(example, tmp_path)
    if example.output:
        shown = [line.rstrip() for line in out.splitlines() if line.strip()]
        assert lines_match(example.output, shown), _diff(
            "\n".join(example.output), "\n".join(shown), example.line
        )
    if example.json_block is None:
        return
    expected = _load(example.json_block.text)
    actual = _load(out)
    if any(matches(expected, part) for part in parts(actual)):
        return
    pytest.fail(
        _diff(_dumps(expected), _dumps(closest(expected, actual)), example.json_block.line),
        pytrace=False,
    )


def _diff(readme: str, real: str, line: int) -> str:
    diff = "".join(
        difflib.unified_diff(
            readme.splitlines(keepends=True),
            real.splitlines(keepends=True),
            fromfile=f"README.md:{line}",
            tofile="the real output (in the README's shape)",
        )
    )
    return (
        f"The README's example at line {line} is not what the command gives. If the change is "
        f"meant, paste the real output into the README (python tests/test_readme.py prints "
        f"them all):\n{diff}"
    )


PYTHON = [b for b in blocks(MARKDOWN) if b.language == "python"]


@pytest.mark.parametrize("block", PYTHON, ids=[f"README.md:{b.line}" for b in PYTHON])
def test_each_python_example_runs_as_a_script(block: Block, tmp_path: Path) -> None:
    if block.skip is not None:
        pytest.skip(f"README.md:{block.line}: {block.skip}")
    cwd, env = _workspace(tmp_path)
    shutil.copytree(ROOT / "corpora" / "samples", cwd / "news")
    script = cwd / "example.py"
    script.write_text(_with_checks(block.text), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"README.md:{block.line}:\n{done.stdout}\n{done.stderr}"


def _with_checks(code: str) -> str:
    """``EXPR  # -> REPR`` lines made into checks that ``repr(EXPR) == REPR``."""
    lines = []
    for line in code.splitlines():
        found = EXPECTS.match(line)
        if found is None or "=" in found.group("expr").split("(")[0]:
            lines.append(line)
            continue
        indent, expr, shown = found.group("indent", "expr", "repr")
        shown = shown.strip()
        lines.append(
            f"{indent}_seen = repr({expr}); "
            f"assert _seen == {shown!r}, _seen + ' is not ' + {shown!r}"
        )
    return "\n".join(lines) + "\n"


def test_the_checks_of_python_examples_can_fail(tmp_path: Path) -> None:
    script = tmp_path / "wrong.py"
    script.write_text(_with_checks("x = [1, 2]\nlen(x)  # -> 3\n"), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 1 and "AssertionError: 2 is not 3" in done.stderr


def test_abridged_json_matches_only_what_it_shows() -> None:
    real = {"a": 1, "b": [{"x": 1, "y": 2}, {"x": 3, "y": 4}], "c": None}
    assert matches({"a": 1, ELLIPSIS: ELLIPSIS}, real)
    assert not matches({"a": 1}, real)  # without "..." every key must be there
    assert matches({"b": [{"x": 1, ELLIPSIS: ELLIPSIS}, ELLIPSIS], ELLIPSIS: ELLIPSIS}, real)
    assert not matches({"b": [{"x": 1, ELLIPSIS: ELLIPSIS}], ELLIPSIS: ELLIPSIS}, real)
    assert not matches({"a": Decimal("1.0001"), ELLIPSIS: ELLIPSIS}, real)
    assert any(matches({"x": 3, "y": 4}, part) for part in parts(real))


def main() -> None:  # pragma: no cover - a tool for people, not a test
    """Print each example's real output, in the README's shape, to paste in when it changed."""
    import tempfile

    for example in EXAMPLES:
        with tempfile.TemporaryDirectory() as tmp:
            out = run_example(example, Path(tmp))
        print(f"== README.md:{example.line}: $ {' && '.join(example.commands)}")  # noqa: T201
        if example.json_block is not None:
            print(_dumps(closest(_load(example.json_block.text), _load(out))))  # noqa: T201
        else:
            print(out)  # noqa: T201


if __name__ == "__main__":
    main()
