"""Pattern lexicons: the JSONL data under ``patterns/`` that every rule component reads.

Each line of a pattern file is one row with a stable ``id`` and a ``type`` that says which
table it belongs to. Rows are validated when loaded; a bad row raises
:class:`~extractor.errors.PatternFileError` naming the file, the line and the problem.

Files are merged in order. A later row with the same ``id``, or of a keyed table with the same
key (for example the surface text of a currency), replaces the earlier one, so a user's own file
can extend or override ours. A row with ``"disabled": true`` removes what it replaces.

Pattern files are plain JSONL: every line is one JSON object (a note goes in a row's ``note``
field; there are no comment lines). A *saved lexicon* is the merged rows of a pipeline's files
after a first row of type ``saved_lexicon`` (:func:`saved_lexicon_text`): the components write
one with ``nlp.to_disk`` and read it back with ``from_disk``, and it stands for the whole
lexicon, so the files before it are not read.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ._version import __version__
from .errors import MissingPatternFileError, PatternFileError
from .resources import patterns_dir
from .types import (
    ChangeBasis,
    Direction,
    OrgKind,
    PercentKind,
    PeriodKind,
    QualifierMeaning,
    ValueKind,
)

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

RowId = Annotated[str, Field(pattern=r"^[\w.:/+-]+$", min_length=1, max_length=200)]
Surface = Annotated[str, Field(min_length=1, max_length=200)]

#: The pattern files every pipeline loads, in merge order.
DEFAULT_PATTERN_FILES: tuple[str, ...] = (
    "iso4217.jsonl",
    "currencies_cldr.jsonl",
    "currencies.jsonl",
    "scales.jsonl",
    "number_words.jsonl",
    "percent_units.jsonl",
    "per_share.jsonl",
    "qualifiers.jsonl",
    "trends.jsonl",
    "org_gazetteer.jsonl",
    "organisations.jsonl",
    "org_suffixes.jsonl",
    "exchanges.jsonl",
    "org_cues.jsonl",
    "org_stoplist.jsonl",
    "org_kinds.jsonl",
    "org_rules.jsonl",
    "first_names.jsonl",
    "person_titles.jsonl",
    "places.jsonl",
    "metrics.jsonl",
    "periods.jsonl",
    "fact_cues.jsonl",
    "change_bases.jsonl",
    "anaphors.jsonl",
)


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: RowId
    disabled: bool = False
    note: str | None = None


class Iso4217Row(_Row):
    """One ISO 4217 currency code, current or historic."""

    type: Literal["iso4217"]
    code: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    name: str
    minor_units: int | None = None
    historic: bool = False


class CurrencyRow(_Row):
    """A surface form of a currency: symbol, code, name or minor unit."""

    type: Literal["currency"]
    text: Surface
    #: ISO 4217 code, or None where the surface form is ambiguous (``kr``, ``francs``).
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None
    kind: Literal["symbol", "code", "name", "minor"]
    position: Literal["prefix", "suffix", "both"] = "both"
    case_sensitive: bool = True
    #: The surface form must touch the number, with no space between.
    attached: bool = False
    #: Multiplier to major units: 0.01 for cents, 1000000 for ``MEUR``.
    factor: Decimal = Decimal(1)
    #: For minor units: the family whose currency an earlier amount in the text may supply.
    family: str | None = None
    #: For an ambiguous form (currency None): the codes it may stand for. Another amount in the
    #: same text in one of them settles it ("Rs" in an article that also writes "₹").
    candidates: tuple[Annotated[str, Field(pattern=r"^[A-Z]{3}$")], ...] = ()
    #: Also a common word that is not money ("pound" of weight, "won" the verb): accepted after
    #: digits ("5 billion won") but not after number words ("one pound of coal").
    homonym: bool = False
    #: A cryptocurrency ("BTC", "bitcoins", "satoshis"), which has no ISO code: its amounts are
    #: not money, and are reported under their own label only when asked for.
    coin: Annotated[str, Field(pattern=r"^[A-Z0-9]{2,10}$")] | None = None

    @property
    def key(self) -> str:
        return self.text if self.case_sensitive else self.text.casefold()


class CurrencyPlaceRow(_Row):
    """A word that ties a text to the country of a currency: "India", "Indian", "Sensex".

    Where a currency is ambiguous ("Rs", bare "$" in a text that also writes "US$"), the
    places a text names decide between the candidates.
    """

    type: Literal["currency_place"]
    text: Surface
    #: The currencies of that country, the current one first ("France": EUR, FRF).
    currencies: tuple[Annotated[str, Field(pattern=r"^[A-Z]{3}$")], ...]
    #: How much one mention says: 3 for the exchange suffix of a wire ticker ("<WPLA.S>").
    weight: Annotated[int, Field(ge=1, le=3)] = 1
    case_sensitive: bool = True


class DotGroupingRow(_Row):
    """A currency whose amounts group thousands with dots ("Rp 169.000", "1.727 Ft"): a single
    dot before three digits is then a thousands separator, not a decimal point. Currencies
    with no minor unit in ISO 4217 are read so without a row."""

    type: Literal["dot_grouping"]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class PerShareRow(_Row):
    """Wording after an amount that makes it an amount per share: "$1.40 a share", "25 cts per
    shr", "C$1.34/diluted share". A ``marker`` ("a", "per", "/") comes first, then perhaps a
    ``class`` of share ("diluted", "class A"), then the ``unit`` ("share", "ADS")."""

    type: Literal["per_share"]
    text: Surface
    role: Literal["marker", "class", "unit"]


class ScaleRow(_Row):
    """A scale word or suffix: ``million``, ``bn``, ``k``, ``crore``."""

    type: Literal["scale"]
    text: Surface
    multiplier: Decimal
    case_sensitive: bool = False
    attached: bool = False

    @property
    def key(self) -> str:
        return self.text if self.case_sensitive else self.text.casefold()


class NumberWordRow(_Row):
    """A number word: ``twenty``, ``hundred``, ``half``."""

    type: Literal["number_word"]
    text: Surface
    value: Decimal
    role: Literal["unit", "ten", "hundred", "scale", "fraction", "article"]

    @property
    def key(self) -> str:
        return self.text.casefold()


class PercentUnitRow(_Row):
    """A percent sign or word: ``%``, ``per cent``, ``pct``, ``basis points``."""

    type: Literal["percent_unit"]
    text: Surface
    kind: PercentKind
    case_sensitive: bool = False
    attached: bool = False

    @property
    def key(self) -> str:
        return self.text if self.case_sensitive else self.text.casefold()


#: Where the facts linker lets a qualifier stand between a link and its figure.
LinkContext = Literal["value", "copula", "price", "trend", "change"]


class QualifierRow(_Row):
    """A word before an amount that bounds or hedges it: ``about``, ``more than``."""

    type: Literal["qualifier"]
    text: Surface
    meaning: QualifierMeaning
    #: Where the facts linker reads past it (None: everywhere): after a value link, "rose to
    #: about $5m" (value); after "was", the value of the sentence's subject (copula); in a
    #: deal's price, "for about $215m" (price); after a trend word, "rose about 5%" (trend);
    #: after a change told as a noun, "an increase of about 5%" (change).
    links: tuple[LinkContext, ...] | None = None

    @property
    def key(self) -> str:
        return self.text.casefold()


class TrendRow(_Row):
    """A verb or phrase that says which way a figure moved: ``rose``, ``more than halved``."""

    type: Literal["trend"]
    text: Surface
    direction: Direction


class OrganisationRow(_Row):
    """A known organisation: its canonical name, the ways news writes it, ticker and exchange."""

    type: Literal["organisation"]
    name: Surface
    kind: OrgKind = "company"
    aliases: tuple[Surface, ...] = ()
    #: Aliases that are also ordinary words ("Target"): they count only with a capital letter
    #: away from the start of a sentence, or with other evidence.
    ambiguous: tuple[Surface, ...] = ()
    ticker: str | None = None
    exchange: str | None = None
    source: str | None = None

    @property
    def text(self) -> str:
        return self.name


class LegalSuffixRow(_Row):
    """A legal form that ends a company name: ``Inc``, ``plc``, ``& Co``."""

    type: Literal["legal_suffix"]
    text: Surface
    case_sensitive: bool = True


class ExchangeRow(_Row):
    """How a ticker names its exchange: ``NASDAQ`` in "(NASDAQ: WULF)", ``N`` in "<JNJ.N>"."""

    type: Literal["exchange"]
    text: Surface
    name: Surface
    form: Literal["prefix", "ric_suffix"]
    case_sensitive: bool = True


class OrgCueRow(_Row):
    """Words right before or after a name that say it is an organisation, with a weight.

    ``possessive`` cues are nouns after the name's possessive, with up to three words between:
    "Nebius's third-quarter revenue", "Monzo's chief executive".
    """

    type: Literal["org_cue"]
    side: Literal["before", "after", "possessive"]
    text: Surface
    weight: Annotated[int, Field(ge=1, le=3)] = 1
    #: The kind the cue gives the name: a credit line ("powered by X") makes it media.
    kind: OrgKind | None = None


class AppositiveRow(_Row):
    """A noun that makes an appositive about an organisation: "TeraWulf, the mining company"."""

    type: Literal["org_appositive"]
    text: Surface


class OrgRuleRow(_Row):
    """A context rule of the organisation recogniser and the evidence it gives.

    The rules are code (``extractor/companies``), named by these ids; a row sets a rule's
    weight, and ``"disabled": true`` turns the rule off.
    """

    type: Literal["org_rule"]
    weight: Annotated[int, Field(ge=0, le=3)] = 3


class OrgStopRow(_Row):
    """A capitalised word that is not an organisation on its own: months, ``AI``, ``Bitcoin``."""

    type: Literal["org_stop"]
    text: Surface
    reason: str
    case_sensitive: bool = True


class OrgKindWordRow(_Row):
    """A word inside a name that tells the kind of organisation: ``Bank``, ``Commission``."""

    type: Literal["org_kind_word"]
    text: Surface
    kind: OrgKind
    #: Evidence a multi-word name gains from the word: "Commission" is enough alone (3),
    #: "Industries" needs a cue besides (2).
    weight: Annotated[int, Field(ge=1, le=3)] = 3
    case_sensitive: bool = True


class FirstNameRow(_Row):
    """A common first name: evidence that a capitalised pair is a person."""

    type: Literal["first_name"]
    text: Surface
    case_sensitive: bool = True


class PersonTitleRow(_Row):
    """A title or role before a name that makes it a person: ``Mr``, ``chief executive``."""

    type: Literal["person_title"]
    text: Surface


class MetricRow(_Row):
    """A financial metric: its canonical name and the phrases news and filings use for it."""

    type: Literal["metric"]
    name: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    #: Metrics of one family are the same figure told more or less precisely
    #: ("loss" and "net_loss"); facts of one family about one company can be merged.
    family: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    unit: ValueKind = "money"
    surfaces: tuple[Surface, ...]
    #: Only at the start of a line: the "Shr"/"Net"/"Revs" rows of newswire earnings tables.
    line_start: bool = False
    #: What a count is counted in, for a metric whose unit is number: "shares", "EH/s".
    value_unit: Surface | None = None
    #: False for figures that belong to no reporting period: a takeover price, a stake.
    periodic: bool = True
    #: Only on its own: "its 1986 income" is a profit, "sublease income" is not.
    bare: bool = False
    #: The phrase names a forecast of the metric: "revenue outlook", "profit guidance".
    forecast: bool = False


class MetricStopRow(_Row):
    """A word that ends the modifiers of a metric, read backwards: "of", "the", "rose"."""

    type: Literal["metric_stop"]
    text: Surface


class MetricModifierRow(_Row):
    """A lower-case word that may qualify a metric: "lease" in "HPC lease revenue".

    Capitalised words, acronyms and hyphenated compounds qualify without being listed.
    """

    type: Literal["metric_modifier"]
    text: Surface


class PeriodRow(_Row):
    """A word or phrase that names a reporting period: "quarterly", "third quarter"."""

    type: Literal["period"]
    text: Surface
    #: None for "the period", "the same period": the kind of period the article talks about.
    kind: PeriodKind | None
    ordinal: Annotated[int, Field(ge=1, le=4)] | None = None
    #: current: the period being reported ("the quarter", "the latest quarter"); prior: the
    #: one it is compared with ("a year earlier", "the year-ago quarter"); last: the previous
    #: calendar period ("last year"), which may be either; next: a future one ("next year").
    relative: Literal["current", "prior", "last", "next"] | None = None
    #: A fiscal period: "fiscal year", "fiscal third quarter".
    fiscal: bool = False


class CountUnitRow(_Row):
    """What a plain number counts, written after it: "vehicles", "EH/s", "barrels a day"."""

    type: Literal["count_unit"]
    text: Surface
    unit: Surface


class FactCueRow(_Row):
    """Words that make a figure a forecast or an analysts' estimate, not a reported result."""

    type: Literal["fact_cue"]
    text: Surface
    kind: Literal["forecast", "estimate"]


class ChangeBasisRow(_Row):
    """What a change is measured against: "year-on-year", "from the previous quarter"."""

    type: Literal["change_basis"]
    text: Surface
    basis: ChangeBasis


class SavedLexiconRow(_Row):
    """The first row of a saved lexicon: the rows after it are the whole lexicon of a pipeline
    component, merged from ``files`` by ``extractor`` ``version``; what came before is dropped."""

    type: Literal["saved_lexicon"]
    files: tuple[str, ...] = ()
    version: str | None = None


class AnaphorRow(_Row):
    """A phrase that refers back to the article's main company: "the company", "it"."""

    type: Literal["anaphor"]
    text: Surface


class PlaceRow(_Row):
    """A country, state, continent or large city: evidence against an organisation."""

    type: Literal["place"]
    text: Surface
    kind: Literal["continent", "country", "state", "city"]
    case_sensitive: bool = True


Row = Annotated[
    Iso4217Row
    | CurrencyRow
    | CurrencyPlaceRow
    | DotGroupingRow
    | PerShareRow
    | ScaleRow
    | NumberWordRow
    | PercentUnitRow
    | QualifierRow
    | TrendRow
    | OrganisationRow
    | LegalSuffixRow
    | ExchangeRow
    | OrgCueRow
    | AppositiveRow
    | OrgRuleRow
    | OrgStopRow
    | OrgKindWordRow
    | FirstNameRow
    | PersonTitleRow
    | PlaceRow
    | MetricRow
    | MetricStopRow
    | MetricModifierRow
    | PeriodRow
    | FactCueRow
    | CountUnitRow
    | ChangeBasisRow
    | AnaphorRow
    | SavedLexiconRow,
    Field(discriminator="type"),
]
_ROW_ADAPTER: TypeAdapter[Row] = TypeAdapter(Row)
_ROWS_ADAPTER: TypeAdapter[list[Row]] = TypeAdapter(list[Row])

R = TypeVar("R", bound=_Row)


def resolve_pattern_path(name: str | Path) -> Path:
    """A pattern file by absolute or relative path, or by name inside our pattern folder."""
    path = Path(name)
    if path.is_file():
        return path
    if not path.is_absolute():
        own = patterns_dir() / path
        if own.is_file():
            return own
    raise MissingPatternFileError(path, "no such pattern file")


def read_pattern_file(path: Path) -> list[Row]:
    """Read and validate one JSONL pattern file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PatternFileError(path, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise PatternFileError(path, f"not UTF-8: {exc.reason}") from exc
    return parse_patterns(text, where=path)


def parse_patterns(text: str, *, where: Path | str) -> list[Row]:
    """Validate the rows of a pattern file's ``text``; an error names ``where`` and the line.

    The whole file is validated in one call; only when that fails is it read again line by
    line, so that the error names the line. Blank lines are skipped; any other line must be a
    JSON object (a note goes in the row's ``note`` field).
    """
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    rows: list[Row] = []
    try:
        rows = _ROWS_ADAPTER.validate_json("[" + ",".join(line for _, line in lines) + "]")
    except ValueError:
        for number, line in lines:
            rows.append(_parse_row(line, where=where, line_number=number))
    for (number, _), row in zip(lines[1:], rows[1:], strict=True):
        if isinstance(row, SavedLexiconRow):
            raise PatternFileError(where, "a saved_lexicon row must be the first row", line=number)
    return rows


def _parse_row(line: str, *, where: Path | str, line_number: int) -> Row:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        hint = ' (comments are not JSON: put a note in a row\'s "note" field)'
        reason = f"invalid JSON: {exc.msg}" + (hint if line.lstrip().startswith("//") else "")
        raise PatternFileError(where, reason, line=line_number) from exc
    if not isinstance(data, dict):
        raise PatternFileError(where, "a row must be a JSON object", line=line_number)
    try:
        return _ROW_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise PatternFileError(where, _describe(exc), line=line_number) from exc


def _surface(row: Row) -> str | None:
    text = getattr(row, "text", None)
    return text if isinstance(text, str) else None


def _case_sensitive(row: Row) -> bool:
    return bool(getattr(row, "case_sensitive", False))


def _replaces(new: Row, old: Row) -> bool:
    """A later row replaces an earlier one of the same surface text.

    A case-insensitive row replaces every earlier spelling; a case-sensitive one replaces the
    same spelling and any case-insensitive row, so "M" and "m" can mean different things.
    """
    new_text, old_text = _surface(new), _surface(old)
    if not _case_sensitive(new) or not _case_sensitive(old):
        return True
    return new_text == old_text


def _forget(index: dict[tuple[str, str], set[str]], row: Row) -> None:
    text = _surface(row)
    if text is not None:
        index.get((row.type, text.casefold()), set()).discard(row.id)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in error["loc"])
        parts.append(f"{loc}: {error['msg']}" if loc else error["msg"])
    return "; ".join(parts)


class Lexicon:
    """The merged rows of a sequence of pattern files."""

    def __init__(self, rows: Iterable[Row], *, sources: Sequence[Path] = ()) -> None:
        self.sources = tuple(sources)
        by_id: dict[str, Row] = {}
        ids_of_text: dict[tuple[str, str], set[str]] = {}
        for row in rows:
            if isinstance(row, SavedLexiconRow):  # the whole lexicon follows
                by_id.clear()
                ids_of_text.clear()
                continue
            old = by_id.pop(row.id, None)
            if old is not None:
                _forget(ids_of_text, old)
            text = _surface(row)
            if text is not None:
                folded = (row.type, text.casefold())
                for other_id in list(ids_of_text.get(folded, ())):
                    other = by_id[other_id]
                    if _replaces(row, other):
                        del by_id[other_id]
                        _forget(ids_of_text, other)
                ids_of_text.setdefault(folded, set()).add(row.id)
            by_id[row.id] = row
        self._rows = tuple(row for row in by_id.values() if not row.disabled)

    def rows(self, kind: type[R]) -> tuple[R, ...]:
        """All active rows of one table."""
        return tuple(row for row in self._rows if isinstance(row, kind))

    def __len__(self) -> int:
        return len(self._rows)


def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """Our pattern files, then ``extra`` files, merged. Cached: each set is read once (also
    when one caller gives no argument and another an empty tuple).

    An ``extra`` name may be the key of a saved lexicon (:func:`remember_saved_lexicon`); the
    lexicon then starts from it, and our files and those named before it are not read.
    """
    return _load_lexicon(tuple(extra))


@lru_cache(maxsize=16)
def _load_lexicon(extra: tuple[str, ...]) -> Lexicon:
    tables: list[tuple[str, list[Row]]] = []
    for name in reversed(extra):  # back to the last saved lexicon, if there is one
        saved = _SAVED.get(name)
        tables.append((name, saved if saved is not None else _read(name)))
        if saved is not None:
            break
    else:
        tables += [(name, _read(name)) for name in reversed(DEFAULT_PATTERN_FILES)]
    tables.reverse()
    rows = [row for _, table in tables for row in table]
    logger.debug("loaded %d pattern rows from %d files", len(rows), len(tables))
    return Lexicon(rows, sources=[Path(name) for name, _ in tables])


def _read(name: str) -> list[Row]:
    return read_pattern_file(resolve_pattern_path(name))


#: Saved lexicons read in this process, by :func:`remember_saved_lexicon`'s key.
_SAVED: dict[str, list[Row]] = {}
_SAVED_PREFIX = "saved-lexicon:"


def saved_lexicon_text(extra: Sequence[str]) -> str:
    """The JSONL of a saved lexicon: the rows that ``load_lexicon(extra)`` merges, in order,
    after a ``saved_lexicon`` row naming the files they came from."""
    lexicon = load_lexicon(tuple(extra))
    head = SavedLexiconRow(
        id="saved_lexicon",
        type="saved_lexicon",
        files=tuple(path.name for path in lexicon.sources),
        version=__version__,
    )
    rows = (head, *lexicon.rows(_Row))
    return "".join(row.model_dump_json(exclude_defaults=True) + "\n" for row in rows)


def remember_saved_lexicon(text: str, *, where: Path | str) -> str:
    """Validate a saved lexicon (:func:`saved_lexicon_text`) and keep its rows in this process;
    the key returned names it in :func:`load_lexicon`, like a pattern file. The key is the hash
    of the text, so the same saved lexicon loaded twice shares its cached grammars."""
    key = _SAVED_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
    if key not in _SAVED:  # each component of a pipeline saves the same lexicon, mostly
        rows = parse_patterns(text, where=where)
        if not rows or not isinstance(rows[0], SavedLexiconRow):
            raise PatternFileError(where, "not a saved lexicon: its first row is no saved_lexicon")
        _SAVED[key] = rows
    return key


def same_lexicon(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two sets of pattern files (or saved lexicons) merge into the same rows."""
    return one == other or load_lexicon(one).rows(_Row) == load_lexicon(other).rows(_Row)


#: Our factories, whose ``extra_patterns`` are pattern files for the whole pipeline.
PATTERN_FACTORIES = frozenset(
    {"fin_money", "fin_percent", "fin_company", "fin_metric", "fin_facts"}
)


def pipeline_patterns(nlp: Language, own: Sequence[str]) -> tuple[str, ...]:
    """The pattern files a component being added to ``nlp`` reads: those named for our
    components already in the pipeline, then its own, each once.

    A pattern file is data for the pipeline, not for one component: a metric named in a file
    given to ``fin_metric`` only must be known to ``fin_facts`` too, which reads the metrics
    that ``fin_metric`` found (a config that gave the file to one of them crashed the other
    with a ``KeyError``). So naming a file once, for the first component that needs it, is
    enough; components added earlier do not see it.
    """
    files: list[str] = []
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory in PATTERN_FACTORIES:
            files.extend(str(path) for path in nlp.get_pipe_config(name).get("extra_patterns", ()))
    files.extend(str(path) for path in own)
    return tuple(dict.fromkeys(files))
