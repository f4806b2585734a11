"""Báo cáo cải cách hành chính: the figures of the administrative-reform section of the yearly
report, as one JSON-ready dict with stable keys that every format (Markdown, DOCX, XLSX, JSON,
the API, the report screen) renders. Nothing here counts a dossier or a procedure itself: the
catalogue and review figures come from ``catalogue_figures``, the coverage from
``one_stop_coverage``, every dossier figure from the statistics selector."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.problems import Problem, Refused
from procedures.reports.serving_index import serving_index_summary
from procedures.reports.sources import LINKED_KEYS as COUNT_KEYS
from procedures.reports.sources import admin_reform_sources
from procedures.selectors import statistics
from procedures.selectors.catalogue_figures import catalogue_figures
from procedures.selectors.coverage import (
    UnitScope,
    centres_in_period,
    desks_in_scope,
    one_stop_coverage,
    reporting_unit_on,
    unit_scope_on,
)

Progress = Callable[[int, int], None] | None

FORMATS = ("md", "json", "docx", "xlsx", "pdf")
# The report covers at most this many days: a decade, far beyond any yearly report, but a typo
# such as 0017-01-01 is refused instead of grouping two thousand years.
MAX_DAYS = 3660


def admin_reform_problems(
    *, date_from: date | None, date_to: date | None, unit_code: str = "", file_format: str = "json"
) -> list[Problem]:
    """What is wrong with the report's parameters, each problem naming its field."""
    problems = []
    if date_from is None:
        problems.append(Problem(_("Give the first day of the period."), column="from"))
    if date_to is None:
        problems.append(Problem(_("Give the last day of the period."), column="to"))
    if date_from and date_to:
        if date_from > date_to:
            problems.append(
                Problem(_("The period ends before it starts."), column="to"),
            )
        elif (date_to - date_from).days > MAX_DAYS:
            problems.append(Problem(_("The period is longer than ten years."), column="to"))
    if file_format not in FORMATS:
        problems.append(
            Problem(
                _("Unknown format “%(format)s”: choose one of %(formats)s.")
                % {"format": file_format, "formats": ", ".join(FORMATS)},
                column="format",
            )
        )
    if unit_code and date_to and unit_scope_on(code=unit_code, day=date_to) is None:
        problems.append(
            Problem(
                _("No administrative unit has the code “%(code)s”.") % {"code": unit_code},
                column="unit",
            )
        )
    return problems


def _stat_row(row: dict) -> dict:
    """The statistics keys of one row as JSON numbers: counts, and rates as the API gives them
    (four decimals) instead of the selector's exact fractions."""
    return {key: _plain(row[key]) for key in statistics.STAT_KEYS}


def _plain(value):
    if isinstance(value, Fraction):
        return float(statistics.rate_value(value))
    if isinstance(value, Decimal):
        return float(value)
    return value


def _plain_check(check: dict) -> dict:
    return {key: _plain(value) for key, value in check.items()}


def _by_centre(*, date_from: date, date_to: date, centres: list) -> tuple[dict, list]:
    """The statistics of ``centres`` over one range, in one grouped query: {centre id: row}
    (a centre without any dossier gets zeros), and the checks of the answer."""
    answer = statistics.dossier_statistics(
        date_from=date_from,
        date_to=date_to,
        group_by=("centre",),
        filters={"centre": [centre.code for centre in centres]},
    )
    rows = {row["key"]["centre"]: row for row in answer.rows}
    empty = statistics.with_rates({})
    return {
        centre.code: _stat_row(rows.get(centre.code, empty)) for centre in centres
    }, answer.checks


def _centres_figures(centres: list, *, date_from: date, date_to: date) -> tuple[list, list]:
    """Each centre for the period and since it opened ("từ khi đi vào hoạt động ... đến nay":
    to the end of the period, or to its closing). Centres that opened and closed on the same
    days share one grouped query, so the report asks the statistics a handful of times however
    many centres there are."""
    if not centres:
        return [], []
    checks = []
    period, found = _by_centre(date_from=date_from, date_to=date_to, centres=centres)
    checks += [{**_plain_check(c), "table": "centres", "range": "period"} for c in found]

    def last_day(centre) -> date:
        return min(date_to, centre.valid_to) if centre.valid_to else date_to

    ranges: dict[tuple[date, date], list] = {}
    for centre in centres:
        ranges.setdefault((centre.valid_from, last_day(centre)), []).append(centre)
    since = {}
    for (first, last), group in ranges.items():
        rows, found = _by_centre(date_from=first, date_to=last, centres=group)
        since.update(rows)
        checks += [{**_plain_check(c), "table": "centres", "range": "since_opening"} for c in found]
    figures = [
        {
            "code": centre.code,
            "name": centre.name,
            "level": centre.level,
            "unit": centre.unit.code,
            "opened_on": centre.valid_from.isoformat(),
            "closed_on": centre.valid_to.isoformat() if centre.valid_to else None,
            "period": period[centre.code],
            "since_opening": since[centre.code],
            "since_opening_to": last_day(centre).isoformat(),
        }
        for centre in centres
    ]
    return figures, checks


def admin_reform_data(
    *,
    date_from: date,
    date_to: date,
    unit_code: str = "",
    progress: Progress = None,
    base_url: str = "",
) -> dict:
    """The report's figures for ``date_from``..``date_to`` (whole days, both included),
    province-wide or, with ``unit_code``, limited to the centres and desks of that unit and the
    units under it (the catalogue and review figures stay the province's: the Chairman's
    decisions and the reviews are provincial).

    Keys: ``catalogue``, ``review``, ``coverage``, ``centres`` (each with its figures for the
    period and ``since_opening``), ``sectors`` (form 06), ``in_force`` (form 07b), ``checks``
    (every figure that does not add up, never corrected), ``sources`` (for each figure the list
    URL that gives it, on ``base_url`` when given: ``reports.sources``)."""
    problems = admin_reform_problems(date_from=date_from, date_to=date_to, unit_code=unit_code)
    if problems:
        raise Refused(problems)
    step = _stepper(progress, total=6)
    scope: UnitScope | None = unit_scope_on(code=unit_code, day=date_to) if unit_code else None

    figures = catalogue_figures(date_from=date_from, date_to=date_to)
    announced, reviews = figures["announced"], figures["reviews"]
    catalogue = {
        "new": announced["new"],
        "amended": announced["amended"],
        "replaced": announced["replaced"],
        "abolished": announced["abolished"],
        "published_national": figures["published"],
    }
    review = {
        "reviewed": reviews["reviewed"],
        "cut_half": reviews["half"],
        "cut_third": reviews["third"],
        "cut_less": reviews["less"],
        "not_cut": reviews["not_cut"],
    }
    step()

    counts = one_stop_coverage(as_of=date_to, scope=scope)
    coverage = {
        "departments": counts["departments"],
        "districts": counts["districts"],
        "communes_with_desk": counts["communes_with_desk"],
        "communes": counts["communes"],
        "interconnected_procedures": figures["in_force_total"]["interconnected"],
        # Whether districts existed at the end of the period (none after 1/7/2025): the
        # narrative leaves them out rather than writing "0 districts".
        "district_units": counts["district_units"],
    }
    step()

    checks: list[dict] = []
    centres, centre_checks = _centres_figures(
        list(centres_in_period(date_from=date_from, date_to=date_to, scope=scope)),
        date_from=date_from,
        date_to=date_to,
    )
    checks.extend(centre_checks)
    step()

    filters, desk_codes = None, None
    if scope is not None:
        desk_codes = list(
            desks_in_scope(date_from=date_from, date_to=date_to, scope=scope).values_list(
                "code", flat=True
            )
        )
        filters = {"desk": desk_codes}
    if desk_codes == []:
        # A unit without a desk has no dossier (an empty filter would count the province's).
        by_sector = statistics.DossierStatistics(
            date_from=date_from,
            date_to=date_to,
            group_by=("sector",),
            rows=[],
            totals=statistics.with_rates({}),
        )
    else:
        by_sector = statistics.dossier_statistics(
            date_from=date_from, date_to=date_to, group_by=("sector",), filters=filters
        )
    sectors = [
        {"code": row["key"]["sector"], "name": str(row["name"]["sector"]), **_stat_row(row)}
        for row in by_sector.rows
    ]
    checks.extend({**_plain_check(check), "table": "form_06"} for check in by_sector.checks)
    step()

    checks.extend(_own_checks(review=review, coverage=coverage))
    index = serving_index_summary(
        date_from=date_from, date_to=date_to, filters=filters, no_desk=desk_codes == []
    )
    step()
    reporting = reporting_unit_on(day=date_to, scope=scope)
    data = {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        # The unit's desks in the period: the dossiers its figures count (and its lists name).
        "unit": (
            {"code": scope.unit.code, "name": scope.unit.name, "desks": desk_codes}
            if scope is not None
            else None
        ),
        "reporting_unit": reporting.name if reporting else "",
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "catalogue": catalogue,
        "review": review,
        "coverage": coverage,
        "centres": centres,
        "sectors": sectors,
        "sectors_total": _stat_row(by_sector.totals),
        # Form II.06a's totals row: the centres' counts summed (a dossier has one centre).
        "centres_total": {
            key: sum(centre["period"][key] for centre in centres) for key in COUNT_KEYS
        },
        "in_force": figures["in_force"],
        "in_force_total": figures["in_force_total"],
        "serving_index": index,
        "checks": checks,
    }
    data["sources"] = admin_reform_sources(data, base_url=base_url)
    step()
    return data


def _own_checks(*, review: dict, coverage: dict) -> list[dict]:
    """What the report asserts beyond the statistics' own checks (which cover every dossier
    figure): the review buckets make up the reviewed procedures, and communes with a desk are
    among the communes."""
    checks = []
    buckets = review["cut_half"] + review["cut_third"] + review["cut_less"] + review["not_cut"]
    if buckets != review["reviewed"]:
        checks.append(
            {
                "table": "review",
                "message": _(
                    "The review buckets add up to %(buckets)s, not the %(reviewed)s procedures "
                    "reviewed."
                )
                % {"buckets": buckets, "reviewed": review["reviewed"]},
            }
        )
    if coverage["communes_with_desk"] > coverage["communes"]:
        checks.append(
            {
                "table": "coverage",
                "message": _("More communes with a desk (%(with)s) than communes (%(all)s).")
                % {"with": coverage["communes_with_desk"], "all": coverage["communes"]},
            }
        )
    return checks


def _stepper(progress: Progress, *, total: int):
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], total)

    return step
