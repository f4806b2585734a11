"""The narrative of the administrative-reform section, written the way the province's yearly
report writes it ("Thực hiện công tác dân vận gắn với cải cách hành chính": catalogue changes,
the time review, one-stop coverage, then each public administration centre), from the figures
of ``admin_reform_data`` only: every number in it is computed, none typed in."""

import re
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procedures.reports.formats import day, month, percent, percent_value, whole
from procedures.reports.sources import source_of

# A figure in a paragraph: OPEN path SEP text CLOSE, characters of Unicode's private use area
# that no translation or name contains; the writers turn them into links or drop them.
OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
MARKED = re.compile(f"{OPEN}([^{SEP}]*){SEP}([^{CLOSE}]*){CLOSE}")


def fig(text: str, path: str) -> str:
    """``text`` (a figure as printed) marked with its ``path`` in the report's data."""
    return f"{OPEN}{path}{SEP}{text}{CLOSE}" if text else text


def unmark(text: str) -> str:
    return MARKED.sub(r"\2", text)


def figure_spans(text: str, sources: dict | None) -> list[tuple[str, str]]:
    """A marked paragraph as (text, url) pieces in order; url "" for plain text and for a
    figure without a source."""
    pieces, last = [], 0
    for match in MARKED.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], ""))
        pieces.append((match.group(2), source_of(sources, match.group(1))))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], ""))
    return pieces


def _d(text: str) -> date:
    return date.fromisoformat(text)


def catalogue_paragraph(data: dict) -> str:
    c = data["catalogue"]
    return _(
        "From %(start)s to %(end)s, the Chairman of the provincial People's Committee newly "
        "announced %(new)s administrative procedures; amended and supplemented %(amended)s; "
        "replaced %(replaced)s; abolished %(abolished)s; %(published)s administrative procedures "
        "were updated in the national database on administrative procedures."
    ) % {
        "start": day(_d(data["from"])),
        "end": day(_d(data["to"])),
        "new": fig(whole(c["new"]), "catalogue.new"),
        "amended": fig(whole(c["amended"]), "catalogue.amended"),
        "replaced": fig(whole(c["replaced"]), "catalogue.replaced"),
        "abolished": fig(whole(c["abolished"]), "catalogue.abolished"),
        "published": fig(whole(c["published_national"]), "catalogue.published_national"),
    }


def review_paragraph(data: dict) -> str:
    r = data["review"]
    if not r["reviewed"]:
        return _("No administrative procedure had its processing time reviewed in the period.")
    reviewed = r["reviewed"]
    return _(
        "%(reviewed)s administrative procedures were reviewed, of which %(half)s had their "
        "processing time cut by 1/2 against the regulation (%(half_share)s), %(third)s cut by "
        "1/3 (%(third_share)s), %(less)s cut by less than 1/3 (%(less_share)s), and %(not_cut)s "
        "could not have their processing time cut (%(not_cut_share)s)."
    ) % {
        "reviewed": fig(whole(reviewed), "review.reviewed"),
        "half": fig(whole(r["cut_half"]), "review.cut_half"),
        "half_share": fig(percent(r["cut_half"], reviewed), "review.cut_half"),
        "third": fig(whole(r["cut_third"]), "review.cut_third"),
        "third_share": fig(percent(r["cut_third"], reviewed), "review.cut_third"),
        "less": fig(whole(r["cut_less"]), "review.cut_less"),
        "less_share": fig(percent(r["cut_less"], reviewed), "review.cut_less"),
        "not_cut": fig(whole(r["not_cut"]), "review.not_cut"),
        "not_cut_share": fig(percent(r["not_cut"], reviewed), "review.not_cut"),
    }


def coverage_paragraph(data: dict) -> str:
    cov = data["coverage"]
    where = data["unit"]["name"] if data.get("unit") else _("the province")
    values = {
        "where": where,
        # Each count leads to the units list that shows those units.
        "departments": fig(whole(cov["departments"]), "coverage.departments"),
        "districts": fig(whole(cov["districts"]), "coverage.districts"),
        "with_desk": fig(whole(cov["communes_with_desk"]), "coverage.communes_with_desk"),
        "communes": fig(whole(cov["communes"]), "coverage.communes"),
        # Form 07b's interconnected procedures in force: the catalogue list gives them.
        "interconnected": fig(
            whole(cov["interconnected_procedures"]), "in_force_total.interconnected"
        ),
    }
    if cov.get("district_units"):
        return (
            _(
                "In %(where)s, %(departments)s provincial departments; %(districts)s districts, "
                "towns and cities; %(with_desk)s/%(communes)s communes, wards and townships have "
                "set up a reception and result-return desk under the one-stop mechanism; "
                "%(interconnected)s administrative procedures are carried out under the "
                "interconnected one-stop mechanism."
            )
            % values
        )
    # After 1/7/2025 there are no districts: the sentence does not count what no longer exists.
    return (
        _(
            "In %(where)s, %(departments)s provincial departments and %(with_desk)s/%(communes)s "
            "communes, wards and special zones have set up a reception and result-return desk "
            "under the one-stop mechanism; %(interconnected)s administrative procedures are "
            "carried out under the interconnected one-stop mechanism."
        )
        % values
    )


def late_share(row: dict):
    """The late dossiers of a centre over those it received, as the report prints them:
    (late, received, percentage rounded to two decimals)."""
    late, received = row.get("resolved_late", 0), row.get("received_total", 0)
    return late, received, percent_value(late, received)


def _outcome_parts(row: dict, at: str) -> list[str]:
    """What became of a centre's dossiers: resolved on time, late (x/y, z%), still in progress
    within time, overdue, and the dossiers the form does not count."""
    parts = [
        _("%(count)s dossiers were resolved on time")
        % {"count": fig(whole(row["resolved_in_time"]), f"{at}.resolved_in_time")}
    ]
    late, received, _share = late_share(row)
    if late:
        parts.append(
            _("%(late)s/%(received)s dossiers were late (a rate of %(rate)s)")
            % {
                "late": fig(whole(late), f"{at}.resolved_late"),
                "received": fig(whole(received), f"{at}.received_total"),
                "rate": fig(percent(late, received), f"{at}.resolved_late"),
            }
        )
    else:
        parts.append(_("no dossier was late"))
    if row["in_progress_within_time"]:
        parts.append(
            _("%(count)s dossiers are still within their processing time")
            % {"count": fig(whole(row["in_progress_within_time"]), f"{at}.in_progress_within_time")}
        )
    if row["in_progress_overdue"]:
        parts.append(
            _("%(count)s dossiers still in progress are overdue")
            % {"count": fig(whole(row["in_progress_overdue"]), f"{at}.in_progress_overdue")}
        )
    others = sum(row.get(key, 0) for key in ("rejected", "withdrawn", "stopped"))
    if others:
        parts.append(
            _("%(count)s dossiers were rejected, withdrawn or stopped") % {"count": whole(others)}
        )
    no_time = row.get("no_time_limit", 0)
    if no_time:
        parts.append(
            ngettext(
                "%(count)s dossier of a procedure without a time limit was received (outside "
                "the on-time figures)",
                "%(count)s dossiers of procedures without a time limit were received (outside "
                "the on-time figures)",
                no_time,
            )
            % {"count": fig(whole(no_time), f"{at}.no_time_limit")}
        )
    return parts


def centre_paragraph(centre: dict, data: dict) -> str:
    """One centre: the period, then since it opened ("từ khi đi vào hoạt động (tháng 10/2016)
    đến nay"); a centre that opened within the period has one sentence, since both agree."""
    opened = _d(centre["opened_on"])
    start, end = _d(data["from"]), _d(data["to"])
    at = f"centres.{data['centres'].index(centre)}"
    sentences = []
    if opened < start:
        row = centre["period"]
        lead = _(
            "From %(start)s to %(end)s, %(centre)s received %(received)s dossiers (%(new)s "
            "new, of which %(online)s online; %(carried)s carried over from the previous period)"
        ) % {
            "start": day(start),
            "end": day(end),
            "centre": centre["name"],
            "received": fig(whole(row["received_total"]), f"{at}.period.received_total"),
            "new": fig(whole(row["received_new"]), f"{at}.period.received_new"),
            "online": fig(whole(row["received_online"]), f"{at}.period.received_online"),
            "carried": fig(
                whole(row["received_carried_over"]), f"{at}.period.received_carried_over"
            ),
        }
        sentences.append(", ".join([lead, *_outcome_parts(row, f"{at}.period")]) + ".")
    row = centre["since_opening"]
    last = _d(centre["since_opening_to"])
    if not row["received_total"]:
        # As the seed says of the provincial centre: founded, not yet receiving dossiers.
        sentences.append(
            _("%(centre)s was established in %(month)s and has not received any dossier yet.")
            % {"centre": centre["name"], "month": month(opened)}
        )
        return " ".join(sentences)
    values = {
        "month": month(opened),
        "end": day(last),
        "centre": centre["name"],
        "received": fig(whole(row["received_total"]), f"{at}.since_opening.received_total"),
    }
    if last < end:
        lead = (
            _(
                "From its opening (%(month)s) to %(end)s, %(centre)s received a total of "
                "%(received)s dossiers"
            )
            % values
        )
    else:
        lead = (
            _(
                "Since it began operating (%(month)s) up to now, %(centre)s has received a total "
                "of %(received)s dossiers"
            )
            % values
        )
    sentences.append(", ".join([lead, *_outcome_parts(row, f"{at}.since_opening")]) + ".")
    return " ".join(sentences)


def admin_reform_paragraphs(data: dict, *, marked: bool = False) -> list[str]:
    """The section's paragraphs, in the seed report's order; ``marked``: each figure wrapped
    in the markers of ``fig`` (its path in ``data``) for the writers that link it."""
    paragraphs = _paragraphs(data)
    return paragraphs if marked else [unmark(text) for text in paragraphs]


def _paragraphs(data: dict) -> list[str]:
    paragraphs = [
        catalogue_paragraph(data) + " " + review_paragraph(data),
        coverage_paragraph(data),
    ]
    if data["centres"]:
        paragraphs.extend(centre_paragraph(centre, data) for centre in data["centres"])
    else:
        paragraphs.append(_("No public administration centre was operating in the period."))
    # Reports stored before issue 19 have no index: they render as they were.
    if data.get("serving_index"):
        paragraphs.append(serving_index_paragraph(data))
    return paragraphs


def _points(text: str) -> str:
    return text.rstrip("0").rstrip(".").replace(".", ",") if "." in text else text


def serving_index_paragraph(data: dict) -> str:
    """Chỉ số phục vụ người dân, doanh nghiệp (Decision 766/QĐ-TTg) of the period: its total
    and each group's points, "tạm tính" when a rule is provisional; before 23/06/2022 it says
    the index did not exist then."""
    index = data["serving_index"]
    if not index["applies"]:
        return _(
            "The serving index of Decision 766/QĐ-TTg (23/06/2022) did not exist in this period: "
            "it is not computed."
        )
    if index.get("no_dossier"):
        return _("The serving index has no dossier to score for this unit in the period.")
    groups = "; ".join(
        _("%(name)s %(points)s/%(max)s points")
        % {"name": g["name"], "points": _points(g["points"]), "max": _points(g["max_points"])}
        for g in index["groups"]
    )
    text = _(
        "By the serving index of Decision 766/QĐ-TTg, computed from the dossiers and the "
        "catalogue of the period, the score is %(total)s/100 points: %(groups)s."
    ) % {"total": _points(index["total_points"]), "groups": groups}
    if index["provisional"]:
        text += " " + _(
            "Points are provisional (tạm tính) where the appendix's rule could not be confirmed."
        )
    return text


def report_title(data: dict) -> str:
    title = _("Administrative reform: results from %(start)s to %(end)s") % {
        "start": day(_d(data["from"])),
        "end": day(_d(data["to"])),
    }
    if data.get("unit"):
        title += f" — {data['unit']['name']}"
    return title


def check_lines(data: dict) -> list[str]:
    """The figures that did not add up, each naming where it was found."""
    lines = []
    for check in data["checks"]:
        where = " · ".join(
            str(check[key]) for key in ("table", "centre", "range", "key") if check.get(key)
        )
        lines.append(f"{where}: {check.get('message', '')}" if where else check.get("message", ""))
    return lines
