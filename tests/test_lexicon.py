"""Pattern files: validated on load, errors naming file and line, user files extend ours."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import Extractor, PatternFileError
from extractor.lexicon import (
    DEFAULT_PATTERN_FILES,
    CurrencyRow,
    ScaleRow,
    load_lexicon,
    read_pattern_file,
    remember_saved_lexicon,
    saved_lexicon_text,
)
from extractor.resources import patterns_dir


def write(path: Path, *rows: object) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_every_default_file_is_present_and_valid() -> None:
    for name in DEFAULT_PATTERN_FILES:
        rows = read_pattern_file(patterns_dir() / name)
        assert rows, name
        ids = [row.id for row in rows]
        assert len(ids) == len(set(ids)), f"duplicate ids in {name}"


def test_broken_json_names_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mine.jsonl",
        {"id": "a", "type": "scale", "text": "lakhs", "multiplier": "1e5"},
        "{oops",
    )
    with pytest.raises(PatternFileError) as error:
        read_pattern_file(path)
    assert error.value.line == 2
    assert str(error.value).startswith(f"{path}:2: invalid JSON")


def test_invalid_row_names_the_field(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mine.jsonl",
        {"id": "x", "type": "currency", "text": "simoleons", "currency": "US", "kind": "name"},
    )
    with pytest.raises(
        PatternFileError, match=r"mine.jsonl:1: currency.currency: String should match"
    ):
        read_pattern_file(path)


def test_unknown_row_type_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.jsonl", {"id": "x", "type": "colour", "text": "red"})
    with pytest.raises(PatternFileError, match=r"mine.jsonl:1: .*colour"):
        read_pattern_file(path)


def test_missing_file_is_a_clear_error() -> None:
    with pytest.raises(PatternFileError, match="no such pattern file"):
        load_lexicon(("/nonexistent/patterns.jsonl",))


def test_user_file_adds_a_currency(tmp_path: Path) -> None:
    path = write(
        tmp_path / "simoleons.jsonl",
        {
            "id": "my.simoleons",
            "type": "currency",
            "text": "simoleons",
            "currency": "USD",
            "kind": "name",
            "position": "suffix",
            "case_sensitive": False,
        },
    )
    default = Extractor()("They paid 20 simoleons.")
    extended = Extractor(extra_patterns=[str(path)])("They paid 20 simoleons.")
    assert default.money == ()
    assert [(m.text, m.currency, m.rule) for m in extended.money] == [
        ("20 simoleons", "USD", "money.suffix:my.simoleons")
    ]


def test_user_file_overrides_by_surface_and_disables(tmp_path: Path) -> None:
    path = write(
        tmp_path / "yen.jsonl",
        {"id": "my.yen_sign", "type": "currency", "text": "¥", "currency": "CNY", "kind": "symbol"},
        {
            "id": "my.no_stg",
            "type": "currency",
            "text": "stg",
            "currency": None,
            "kind": "name",
            "disabled": True,
        },
    )
    lexicon = load_lexicon((str(path),))
    yen = [row for row in lexicon.rows(CurrencyRow) if row.text == "¥"]
    assert [row.currency for row in yen] == ["CNY"]
    assert not [row for row in lexicon.rows(CurrencyRow) if row.text.casefold() == "stg"]
    record = Extractor(extra_patterns=[str(path)])("¥120bn and 15 mln stg")
    assert [(m.text, m.currency) for m in record.money] == [("¥120bn", "CNY")]


PATTERN_FILES = sorted(patterns_dir().glob("*.jsonl"))


@pytest.mark.parametrize("path", PATTERN_FILES, ids=[path.name for path in PATTERN_FILES])
def test_every_pattern_file_is_plain_jsonl(path: Path) -> None:
    """Standard tools (``jq``, ``json.loads``) read every line: no comments, no blank lines."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        assert isinstance(row, dict) and row.get("id"), f"{path.name}:{number}"


def test_a_comment_line_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mine.jsonl",
        "// my scale words",
        {"id": "a", "type": "scale", "text": "lakhs", "multiplier": "1e5"},
    )
    with pytest.raises(PatternFileError, match=r"mine.jsonl:1: invalid JSON.*\"note\" field"):
        read_pattern_file(path)


def test_a_note_field_is_the_place_for_comments(tmp_path: Path) -> None:
    row = {"id": "a", "type": "scale", "text": "lakhs", "multiplier": "1e5", "note": "Indian"}
    (scale,) = read_pattern_file(write(tmp_path / "mine.jsonl", row))
    assert scale.note == "Indian"


def test_a_saved_lexicon_stands_for_the_whole_lexicon(tmp_path: Path) -> None:
    mine = write(
        tmp_path / "mine.jsonl",
        {"id": "my.wan", "type": "scale", "text": "wan", "multiplier": "10000"},
        {"id": "scale.mln", "type": "scale", "text": "mln", "multiplier": "1", "disabled": True},
    )
    merged = load_lexicon((str(mine),))
    key = remember_saved_lexicon(saved_lexicon_text((str(mine),)), where="saved")
    saved = load_lexicon((key,))
    assert saved.rows(ScaleRow) == merged.rows(ScaleRow)
    assert len(saved) == len(merged)
    texts = {row.text for row in saved.rows(ScaleRow)}
    assert "wan" in texts and "mln" not in texts  # the disabled row stays disabled


def test_a_saved_lexicon_row_must_come_first(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mine.jsonl",
        {"id": "a", "type": "scale", "text": "lakhs", "multiplier": "1e5"},
        {"id": "saved_lexicon", "type": "saved_lexicon"},
    )
    with pytest.raises(PatternFileError, match=r"mine\.jsonl:2: a saved_lexicon row must be"):
        read_pattern_file(path)


#: Word lists that were in code and are pattern data now, each turned off or extended by a
#: user's row: the currencies that group thousands with dots, the per-share wording and the
#: appositive nouns of organisations.
USER_OVERRIDES = [
    {"id": "dot_grouping.idr", "type": "dot_grouping", "currency": "IDR", "disabled": True},
    {"id": "per_share.unit.unit", "type": "per_share", "text": "unit", "role": "unit"},
    {"id": "appositive.refiner", "type": "org_appositive", "text": "refiner", "disabled": True},
    {"id": "appositive.smelter", "type": "org_appositive", "text": "smelter"},
]
OVERRIDDEN = (
    "Prices rose to Rp 169.000 in Jakarta. The fund paid $1.40 per unit. "
    "Velmora, the refiner, said output fell. Kaldrith, the smelter, said output fell."
)


def test_word_lists_are_pattern_data_a_user_file_overrides(tmp_path: Path) -> None:
    ours = Extractor()(OVERRIDDEN)
    assert [(m.value, m.per_share) for m in ours.money] == [
        (169000, False),
        (Decimal("1.4"), False),
    ]
    assert [c.name for c in ours.companies] == ["Velmora"]
    mine = Extractor(extra_patterns=[write(tmp_path / "mine.jsonl", *USER_OVERRIDES)])(OVERRIDDEN)
    assert [(m.value, m.per_share) for m in mine.money] == [(169, False), (Decimal("1.4"), True)]
    assert [c.name for c in mine.companies] == ["Kaldrith"]
