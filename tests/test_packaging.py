"""The built wheel carries the patterns and works outside the source tree."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from helpers import CORPORA, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_wheel_holds_the_patterns(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "extractor/patterns/currencies.jsonl" in names
    assert "extractor/patterns/iso4217.jsonl" in names
    assert "extractor/py.typed" in names


def test_wheel_holds_every_module(wheel: Path) -> None:
    """Every module of the package, in every feature package, is in the wheel."""
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "extractor").rglob("*.py")}
    assert {"extractor/money/component.py", "extractor/doc/tokens.py"} <= modules
    assert modules - names == set()


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The dependencies come from this environment; the package itself only from the wheel.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = [p for p in site.getsitepackages() if "site-packages" in p]
    Path(purelib, "zz_dependencies.pth").write_text("\n".join(deps) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    article = elsewhere / "article.txt"
    article.write_text((CORPORA / "samples" / "wire-1987-style.txt").read_text(encoding="utf-8"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(env_dir / "bin" / "extractor"), "extract", "article.txt"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert '"text":"45.6 mln dlrs"' in result.stdout
    where = subprocess.run(
        [str(python), "-c", "import extractor.lexicon as l; print(l.patterns_dir())"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where.startswith(purelib), where
