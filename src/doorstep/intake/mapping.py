"""Mapping files (TOML): which source column becomes which field, with the transforms bank
exports need (code tables, templates, constants, defaults, scaling). Pure: it reads text and
turns one source row into the records of each target kind. Format in docs/data-import.md."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from string import Formatter
from typing import Any

from doorstep.core.errors import ValidationFailed
from doorstep.intake import parse
from doorstep.intake.model import FIELDS, ORDER, Kind, Record

ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gbk", "gb18030")
FORMATS = ("csv", "xlsx", "parquet")
_SPEC_KEYS = {"column", "template", "value", "default", "codes", "scale", "subtract_from", "min"}


class MappingError(ValidationFailed):
    code = "intake.mapping_invalid"


@dataclass(frozen=True)
class FieldRule:
    """Where one field's value comes from and how it is transformed."""

    column: str | None = None
    template: str | None = None
    value: Any = None
    default: Any = None
    codes: dict[str, Any] | None = None
    scale: Decimal | None = None
    subtract_from: int | None = None
    min: Decimal | None = None

    def source_columns(self, variables: dict[str, str]) -> list[str]:
        if self.column is not None:
            return [self.column.format_map(variables)]
        if self.template is not None:
            names = [n for _, n, _, _ in Formatter().parse(self.template) if n]
            return [n for n in names if n not in variables]
        return []

    def apply(self, row: dict[str, Any], variables: dict[str, str],
              column: str | None = None) -> Any:
        """The field's value from ``row``; ``column`` is the source column already resolved
        for ``variables`` (a compiled target passes it)."""
        value: Any
        if self.column is not None:
            value = row.get(column if column is not None else self.column.format_map(variables))
        elif self.template is not None:
            value = self.template.format_map(_Cells(row, variables))
        else:
            value = self.value
        if parse.is_blank(value):
            return self.default
        if self.codes is not None:
            key = _cell(value)
            if key not in self.codes:
                raise ValueError("intake.unknown_code")
            value = self.codes[key]
        return self._arithmetic(value)

    def _arithmetic(self, value: Any) -> Any:
        if self.subtract_from is not None:
            value = self.subtract_from - parse.parse_int(value)
        if self.scale is not None:
            value = parse.parse_amount(value) * self.scale
        if self.min is not None:
            amount = parse.parse_amount(value)
            value = max(amount, self.min)
        return value


class _Cells(dict[str, str]):
    """What a template sees: a repeat's variables, else the row's cell as text (converted
    only when the template names it)."""

    def __init__(self, row: dict[str, Any], variables: dict[str, str]) -> None:
        super().__init__(variables)
        self.row = row

    def __missing__(self, key: str) -> str:
        return _cell(self.row[key])


def _cell(value: Any) -> str:
    """A cell as the text a code table or a template sees (``2.0`` → ``2``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(parse.normalise(value)) if value is not None else ""


@dataclass(frozen=True)
class Target:
    """One kind of record made from each source row (several times with ``repeat``)."""

    kind: Kind
    fields: dict[str, FieldRule]
    repeat: list[dict[str, str]] = field(default_factory=lambda: [{}])

    def columns(self) -> set[str]:
        return {c for v in self.repeat for r in self.fields.values() for c in r.source_columns(v)}

    @cached_property
    def compiled(self) -> list[tuple[dict[str, str], list[tuple[str, FieldRule, str | None]],
                                     dict[str, str]]]:
        """Per repetition: its variables, each field with its resolved source column, and
        the field → source column names for messages (worked out once, not per row)."""
        return [(v, [(n, r, r.column.format_map(v) if r.column is not None else None)
                     for n, r in self.fields.items()],
                 {n: self.source_of(n, v) for n in self.fields}) for v in self.repeat]

    def source_of(self, name: str, variables: dict[str, str]) -> str:
        """The source column a field comes from, for messages (the field's name otherwise)."""
        rule = self.fields.get(name)
        cols = rule.source_columns(variables) if rule else []
        return cols[0] if cols else name


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file: the source's format and encoding and the targets."""

    targets: tuple[Target, ...]
    format: str | None = None
    encoding: str = "auto"
    sheet: str | None = None
    note: str = ""
    digest: str = ""

    def required_columns(self) -> set[str]:
        return set().union(*(t.columns() for t in self.targets))

    def kinds(self) -> list[Kind]:
        return [t.kind for t in self.targets]


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; errors name the file's problem."""
    return parse_mapping(path.read_text(encoding="utf-8"))


def parse_mapping(text: str) -> Mapping:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(str(exc), problem=str(exc)) from None
    source = doc.get("source", {})
    fmt, encoding = source.get("format"), source.get("encoding", "auto").lower()
    if fmt is not None and fmt not in FORMATS:
        raise MappingError(problem=f"format {fmt!r} not one of {FORMATS}")
    if encoding not in ENCODINGS:
        raise MappingError(problem=f"encoding {encoding!r} not one of {ENCODINGS}")
    targets = tuple(sorted((_target(t) for t in doc.get("target", [])),
                           key=lambda t: ORDER.index(t.kind)))
    if not targets:
        raise MappingError(problem="no [[target]]")
    return Mapping(targets, fmt, encoding, source.get("sheet"), source.get("note", ""),
                   hashlib.sha256(text.encode()).hexdigest())


def identity_mapping(kind: Kind, fmt: str | None = None) -> Mapping:
    """The mapping of a file ``doorstep data export`` wrote: every column its field's name."""
    rules = {name: FieldRule(column=name) for name in FIELDS[kind]}
    return Mapping((Target(kind, rules),), fmt, "auto", digest=f"identity:{kind.value}")


def _target(doc: dict[str, Any]) -> Target:
    try:
        kind = Kind(str(doc.get("kind")))
    except ValueError:
        raise MappingError(problem=f"kind {doc.get('kind')!r} not one of "
                                   f"{[k.value for k in Kind]}") from None
    fields = {name: _rule(kind, name, spec) for name, spec in doc.get("fields", {}).items()}
    missing = [n for n, d in FIELDS[kind].items() if d.required and n not in fields]
    if missing:
        raise MappingError(problem=f"{kind.value}: required fields not mapped: {missing}")
    return Target(kind, fields, _repeat(doc.get("repeat")))


def _rule(kind: Kind, name: str, spec: Any) -> FieldRule:
    if name not in FIELDS[kind]:
        raise MappingError(problem=f"{kind.value} has no field {name!r}; fields: "
                                   f"{list(FIELDS[kind])}")
    if isinstance(spec, str):
        return FieldRule(column=spec)
    if not isinstance(spec, dict) or set(spec) - _SPEC_KEYS:
        raise MappingError(problem=f"{kind.value}.{name}: use a column name or a table of "
                                   f"{sorted(_SPEC_KEYS)}")
    codes = spec.get("codes")
    return FieldRule(
        column=spec.get("column"), template=spec.get("template"), value=spec.get("value"),
        default=spec.get("default"),
        codes={str(k): v for k, v in codes.items()} if codes is not None else None,
        scale=Decimal(str(spec["scale"])) if "scale" in spec else None,
        subtract_from=spec.get("subtract_from"),
        min=Decimal(str(spec["min"])) if "min" in spec else None)


def _repeat(doc: dict[str, list[Any]] | None) -> list[dict[str, str]]:
    if not doc:
        return [{}]
    lengths = {len(v) for v in doc.values()}
    if len(lengths) != 1:
        raise MappingError(problem="every list under [target.repeat] needs the same length")
    n = lengths.pop()
    return [{k: str(v[i]) for k, v in doc.items()} for i in range(n)]


def map_row(target: Target, row: dict[str, Any]) -> list[tuple[Record, dict[str, str],
                                                               dict[str, str]]]:
    """The target's raw records from one row: (record, field → source column, field → error
    code for a transform that failed), once per repetition."""
    out = []
    for variables, rules, sources in target.compiled:
        record: Record = {}
        failed: dict[str, str] = {}
        for name, rule, column in rules:
            try:
                record[name] = rule.apply(row, variables, column)
            except ValueError as exc:
                record[name], failed[name] = None, str(exc)
        out.append((record, sources, failed))
    return out
