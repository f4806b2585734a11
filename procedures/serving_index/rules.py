"""Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp: the
index's rules as data. Each YAML file beside this module is one version of the appendix (the
groups, their indicators, each indicator's numerator and denominator as named definitions,
its maximum points and scoring rule, its source and whether it is provisional), named
``<decision>_<first day>.yaml``; the version for a period is the last one that applies from
on or before the period's first day, as the clock's rule sets are chosen. Pure: no ORM.

The rule as users and auditors read it, with its legal source:
docs/rules/serving-index.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent
TOTAL_POINTS = 100
SCORINGS = ("proportional", "thresholds")
POINTS_QUANTUM = Decimal("0.01")


class RuleFileError(ValueError):
    """A rule file that cannot be used, naming the file, the indicator and the field."""


@dataclass(frozen=True)
class Indicator:
    """Một chỉ tiêu thành phần: one row of the appendix."""

    group: str
    key: str
    name: str
    numerator: str
    denominator: str
    max_points: Decimal
    scoring: str
    source: str
    provisional: bool
    empty: str = "full"
    thresholds: tuple[tuple[Fraction, Decimal], ...] = ()
    legal_working_days: int | None = None

    def points(self, numerator: int, denominator: int) -> Decimal:
        """The points a ratio earns by this indicator's rule, to two decimals."""
        if not denominator:
            return self.max_points if self.empty == "full" else Decimal(0)
        rate = Fraction(numerator, denominator)
        if self.scoring == "thresholds":
            reached = [points for minimum, points in self.thresholds if rate >= minimum]
            return max(reached, default=Decimal(0))
        exact = Decimal(rate.numerator) * self.max_points / Decimal(rate.denominator)
        return exact.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Group:
    """Một nhóm chỉ số (công khai, minh bạch; tiến độ; ...)."""

    key: str
    name: str
    max_points: Decimal


@dataclass(frozen=True)
class RuleSet:
    """One version of the index: the file it came from, when it applies, groups, indicators."""

    decision: str
    applies_from: date
    path: Path
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]

    def of_group(self, group: str) -> list[Indicator]:
        return [i for i in self.indicators if i.group == group]


def _fail(path: Path, where: str, message: str) -> RuleFileError:
    return RuleFileError(f"{path.name}: {where}: {message}")


def _indicator(path: Path, row: dict, groups: set[str]) -> Indicator:
    key = row.get("key") or "?"
    for field in ("group", "key", "name", "numerator", "denominator", "max_points", "source"):
        if row.get(field) in (None, ""):
            raise _fail(path, f"indicator {key}", f"field {field} is missing")
    if row["group"] not in groups:
        raise _fail(path, f"indicator {key}", f"group {row['group']} is not declared")
    scoring = row.get("scoring", "proportional")
    if scoring not in SCORINGS:
        raise _fail(path, f"indicator {key}", f"scoring {scoring} is not one of {SCORINGS}")
    thresholds = tuple(
        (Fraction(str(minimum)), Decimal(str(points)))
        for minimum, points in row.get("thresholds") or ()
    )
    if scoring == "thresholds" and not thresholds:
        raise _fail(path, f"indicator {key}", "field thresholds is missing")
    if row.get("empty", "full") not in ("full", "zero"):
        raise _fail(path, f"indicator {key}", "field empty must be full or zero")
    return Indicator(
        group=row["group"],
        key=row["key"],
        name=row["name"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        max_points=Decimal(str(row["max_points"])),
        scoring=scoring,
        source=row["source"],
        provisional=bool(row.get("provisional", False)),
        empty=row.get("empty", "full"),
        thresholds=thresholds,
        legal_working_days=row.get("legal_working_days"),
    )


def load_rule_file(path: Path) -> RuleSet:
    """Read and check one rule file: every indicator complete, each group's indicators adding
    up to its points, the groups to 100."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    applies_from = data.get("applies_from")
    if not isinstance(applies_from, date):
        raise _fail(path, "applies_from", "a date (YYYY-MM-DD) is required")
    groups = tuple(
        Group(g["key"], g["name"], Decimal(str(g["max_points"]))) for g in data.get("groups") or ()
    )
    keys = {g.key for g in groups}
    indicators = tuple(_indicator(path, row, keys) for row in data.get("indicators") or ())
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.key in seen:
            raise _fail(path, f"indicator {indicator.key}", "the key is used twice")
        seen.add(indicator.key)
    for group in groups:
        summed = sum((i.max_points for i in indicators if i.group == group.key), Decimal(0))
        if summed != group.max_points:
            raise _fail(
                path, f"group {group.key}", f"indicators add up to {summed}, not {group.max_points}"
            )
    total = sum((g.max_points for g in groups), Decimal(0))
    if total != TOTAL_POINTS:
        raise _fail(path, "groups", f"add up to {total}, not {TOTAL_POINTS}")
    return RuleSet(data.get("decision", ""), applies_from, path, groups, indicators)


@cache
def rule_sets(directory: Path = RULES_DIR) -> tuple[RuleSet, ...]:
    """Every version of the index, oldest first."""
    return tuple(
        sorted((load_rule_file(p) for p in directory.glob("*.yaml")), key=lambda r: r.applies_from)
    )


def first_day(directory: Path = RULES_DIR) -> date:
    """The day the index first applies (Decision 766 was signed and took effect 23/06/2022)."""
    return rule_sets(directory)[0].applies_from


def rule_set_for(day: date, directory: Path = RULES_DIR) -> RuleSet | None:
    """The version in force on ``day``; ``None`` before the index existed."""
    found = None
    for rule_set in rule_sets(directory):
        if rule_set.applies_from <= day:
            found = rule_set
    return found
