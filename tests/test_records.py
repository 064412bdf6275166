"""The pydantic records: frozen, strict, exact, with a JSON Schema that the output obeys."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest
from pydantic import ValidationError

from extractor import DocumentRecord, Extractor, MoneyMention, json_schema


def money(**changes: object) -> MoneyMention:
    fields: dict[str, object] = {
        "text": "$1.2bn",
        "start": 0,
        "end": 6,
        "rule": "test",
        "value": Decimal("1200000000"),
        "currency": "USD",
        "amount_text": "1.2",
        "currency_text": "$",
    }
    fields.update(changes)
    return MoneyMention(**fields)


def test_records_are_frozen() -> None:
    mention = money()
    with pytest.raises(ValidationError):
        mention.value = Decimal(1)  # type: ignore[misc]


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        money(colour="green")


@pytest.mark.parametrize("code", ["XYZ", "usd", "US", "DOLLAR"])
def test_currency_must_be_iso_4217(code: str) -> None:
    with pytest.raises(ValidationError):
        money(currency=code)


def test_historic_codes_are_valid() -> None:
    assert money(currency="DEM").currency == "DEM"


def test_span_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="ends"):
        money(start=6, end=0)


def test_json_amounts_are_numbers_without_float_rounding() -> None:
    record = DocumentRecord(
        id="x",
        money=(
            money(),
            money(value=Decimal("0.012")),
            money(value=Decimal("1234567890123.45")),
            money(value=Decimal("123456789012345678901234567890")),
        ),
    )
    values = [m["value"] for m in json.loads(record.to_json())["money"]]
    assert values == [1200000000, 0.012, 1234567890123.45, 123456789012345678901234567890]
    assert '"value":1200000000,' in record.to_json()
    parsed = json.loads(record.to_json(), parse_float=Decimal)
    assert parsed["money"][2]["value"] == Decimal("1234567890123.45")


def test_output_validates_against_the_published_schema(extractor: Extractor) -> None:
    record = extractor("Revenue rose 5.25%-5.5%, or $1.2bn; a loss of £84.5m, 50bps.")
    jsonschema.validate(json.loads(record.to_json()), json_schema())


def test_records_round_trip_through_json(extractor: Extractor) -> None:
    record = extractor("It paid $1,190.00 AUD and 25 cents a share, up 117%.")
    assert DocumentRecord.model_validate_json(record.to_json()) == record


def test_currency_codes_are_those_of_the_lexicon_without_loading_it() -> None:
    from extractor.lexicon import Iso4217Row, load_lexicon
    from extractor.types import iso4217_codes

    assert iso4217_codes() == {row.code for row in load_lexicon().rows(Iso4217Row)}
    assert {"USD", "GBP", "JPY", "DEM"} <= iso4217_codes()  # current and historic
    with pytest.raises(ValidationError, match="not an ISO 4217 currency code"):
        money(currency="XYZ")
