"""The official forms of Circular 01/2020/TT-VPCP that the report fills: form 06/VPCP/KSTT (one
row per sector), II.06a (one row per public administration centre) and 07b (procedures under
the one-stop mechanisms, by level). One description of each form's title and two-row header,
read by the Markdown, DOCX and XLSX writers alike."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from procedures.reports.formats import day
from procedures.selectors.statistics import FORM_06_KEYS

# Beside the 13 numbered columns: the dossiers the form does not count, so that each row's
# received = resolved + in progress + rejected + withdrawn + stopped holds on paper too; then
# those received without a time limit, outside every column (selectors.statistics).
OUTSIDE_COLUMNS = ("rejected", "withdrawn", "stopped", "no_time_limit")


@dataclass(frozen=True)
class Group:
    """A header cell of the first row spanning ``labels`` (one per column of the second row);
    a group of one label spans both rows."""

    title: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Form:
    code: str  # "Biểu số 06/VPCP/KSTT"
    title: str
    groups: tuple[Group, ...]
    numbered: int  # how many columns carry the form's numbers (1)..(n)
    name_label: str

    @property
    def columns(self) -> list[str]:
        return [label for group in self.groups for label in group.labels]


def dossier_groups(name_label: str, *, outside: bool) -> tuple[Group, ...]:
    # The circular's own words ("Trả đúng thời hạn"), not the screens' shorter labels.
    groups = [
        Group(_("No."), (_("No."),)),
        Group(name_label, (name_label,)),
        Group(
            _("Dossiers received"),
            (
                _("Total number"),
                _("Online"),
                _("Direct and postal"),
                _("Carried over"),
            ),
        ),
        Group(
            _("Dossiers resolved"),
            (
                _("Total number"),
                _("Returned early"),
                _("Returned on time"),
                _("Returned late"),
            ),
        ),
        Group(
            _("Dossiers in progress"),
            (
                _("Total number"),
                _("Not yet due"),
                _("Overdue"),
            ),
        ),
    ]
    if outside:
        groups.append(
            Group(
                _("Not counted by the form"),
                (
                    _("Rejected"),
                    _("Withdrawn"),
                    _("Stopped"),
                    _("Received without a time limit"),
                ),
            )
        )
    return tuple(groups)


def form_06(*, outside: bool = True) -> Form:
    label = _("Sector")
    return Form(
        code=_("Form 06/VPCP/KSTT"),
        title=_(
            "PROGRESS AND RESULTS OF HANDLING ADMINISTRATIVE PROCEDURES AT THE AGENCIES AND "
            "UNITS THAT HANDLE THEM DIRECTLY"
        ),
        groups=dossier_groups(label, outside=outside),
        numbered=13,
        name_label=label,
    )


def form_06a() -> Form:
    label = _("Public administration centre")
    return Form(
        code=_("Form II.06a/VPCP/KSTT"),
        title=_(
            "PROGRESS AND RESULTS OF HANDLING ADMINISTRATIVE PROCEDURES AT THE PUBLIC "
            "ADMINISTRATION CENTRES"
        ),
        groups=dossier_groups(label, outside=True),
        numbered=13,
        name_label=label,
    )


def form_07b() -> Form:
    label = _("Level")
    return Form(
        code=_("Form 07b/VPCP/KSTT"),
        title=_(
            "ADMINISTRATIVE PROCEDURES CARRIED OUT UNDER THE ONE-STOP AND INTERCONNECTED "
            "ONE-STOP MECHANISMS"
        ),
        groups=(
            Group(_("No."), (_("No."),)),
            Group(label, (label,)),
            Group(
                _("Administrative procedures"),
                (
                    _("Total in force"),
                    _("Under the one-stop mechanism"),
                    _("Under the interconnected one-stop mechanism"),
                ),
            ),
        ),
        numbered=5,
        name_label=label,
    )


def official_groups(form: Form) -> list[Group]:
    """The form's groups up to its numbered columns: the columns kept beside the official ones
    (rejected, withdrawn, ...) stay in the XLSX and Markdown, not on the signed paper."""
    kept, count = [], 0
    for group in form.groups:
        if count >= form.numbered:
            break
        kept.append(group)
        count += len(group.labels)
    return kept


def dossier_values(row: dict, *, outside: bool = True) -> list[int]:
    keys = FORM_06_KEYS + (OUTSIDE_COLUMNS if outside else ())
    return [int(row.get(key) or 0) for key in keys]


def form_06_rows(data: dict, *, outside: bool = True) -> tuple[list[list], list]:
    """Form 06's body rows (STT, sector, figures) and its totals row."""
    rows = [
        [index, row["name"], *dossier_values(row, outside=outside)]
        for index, row in enumerate(data["sectors"], start=1)
    ]
    totals = ["", _("Total"), *dossier_values(data["sectors_total"], outside=outside)]
    return rows, totals


def form_06a_rows(data: dict) -> tuple[list[list], list]:
    rows = [
        [index, centre["name"], *dossier_values(centre["period"])]
        for index, centre in enumerate(data["centres"], start=1)
    ]
    sums = (
        [sum(column) for column in zip(*(row[2:] for row in rows), strict=True)]
        if rows
        else [0] * (len(FORM_06_KEYS) + len(OUTSIDE_COLUMNS))
    )
    return rows, ["", _("Total"), *sums]


def form_07b_rows(data: dict) -> tuple[list[list], list]:
    rows = [
        [index, row["label"], row["total"], row["one_stop"], row["interconnected"]]
        for index, row in enumerate(data["in_force"], start=1)
    ]
    total = data["in_force_total"]
    return rows, ["", _("Total"), total["total"], total["one_stop"], total["interconnected"]]


def period_line(data: dict) -> str:
    return _("Reporting period: from %(start)s to %(end)s") % {
        "start": day(date.fromisoformat(data["from"])),
        "end": day(date.fromisoformat(data["to"])),
    }
