"""Report figures written by hand, for the tests of the writers (narrative, Markdown, DOCX,
XLSX): the seed report's 2017 figures, so the text can be compared with the seed's sentences."""

COUNT_KEYS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "received_new",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_in_time",
    "in_progress_total",
    "in_progress_within_time",
    "in_progress_overdue",
    "rejected",
    "withdrawn",
    "stopped",
)


def stats(
    *,
    online=0,
    direct=0,
    carried=0,
    early=0,
    on_time=0,
    late=0,
    within=0,
    overdue=0,
    rejected=0,
    withdrawn=0,
    stopped=0,
) -> dict:
    new = online + direct
    resolved = early + on_time + late
    row = {
        "received_total": new + carried,
        "received_online": online,
        "received_direct_postal": direct,
        "received_carried_over": carried,
        "received_new": new,
        "resolved_total": resolved,
        "resolved_early": early,
        "resolved_on_time": on_time,
        "resolved_late": late,
        "resolved_in_time": early + on_time,
        "in_progress_total": within + overdue,
        "in_progress_within_time": within,
        "in_progress_overdue": overdue,
        "rejected": rejected,
        "withdrawn": withdrawn,
        "stopped": stopped,
    }
    assert row["received_total"] == resolved + within + overdue + rejected + withdrawn + stopped
    return row


def seed_data(**overrides) -> dict:
    city_since = stats(online=985, direct=20000, early=20000, on_time=900, late=85)
    cau_ngang_since = stats(direct=10128, early=10000, on_time=32, within=96)
    data = {
        "from": "2017-01-01",
        "to": "2017-12-31",
        "unit": None,
        "reporting_unit": "Tỉnh Trà Vinh",
        "generated_at": "2018-01-05T08:00:00+07:00",
        "catalogue": {
            "new": 204,
            "amended": 0,
            "replaced": 0,
            "abolished": 221,
            "published_national": 425,
        },
        "review": {
            "reviewed": 1738,
            "cut_half": 1565,
            "cut_third": 94,
            "cut_less": 0,
            "not_cut": 79,
        },
        "coverage": {
            "departments": 19,
            "districts": 9,
            "communes_with_desk": 106,
            "communes": 106,
            "interconnected_procedures": 97,
            "district_units": 9,
        },
        "centres": [
            {
                "code": "TTHCC.842",
                "name": "Trung tâm Hành chính công thành phố Trà Vinh",
                "level": 2,
                "unit": "842",
                "opened_on": "2016-10-01",
                "closed_on": None,
                "period": stats(
                    online=800, direct=15200, carried=10, early=15900, on_time=50, late=60
                ),
                "since_opening": city_since,
                "since_opening_to": "2017-12-31",
            },
            {
                "code": "TTHCC.848",
                "name": "Trung tâm Hành chính công huyện Cầu Ngang",
                "level": 2,
                "unit": "848",
                "opened_on": "2016-10-01",
                "closed_on": None,
                "period": stats(direct=8000, carried=5, early=7900, on_time=9, within=96),
                "since_opening": cau_ngang_since,
                "since_opening_to": "2017-12-31",
            },
        ],
        "sectors": [
            {"name": "Hộ tịch", **stats(online=500, direct=9000, early=9400, on_time=40, late=60)},
            {
                "name": '=HYPERLINK("http://x")',
                **stats(direct=14500, online=300, carried=15, early=14759, on_time=0, within=56),
            },
        ],
        "in_force": [
            {
                "level": 1,
                "label": "Cấp tỉnh",
                "total": 1200,
                "one_stop": 1100,
                "interconnected": 60,
            },
            {"level": 2, "label": "Cấp huyện", "total": 300, "one_stop": 290, "interconnected": 30},
            {"level": 3, "label": "Cấp xã", "total": 100, "one_stop": 100, "interconnected": 7},
        ],
        "in_force_total": {"total": 1600, "one_stop": 1490, "interconnected": 97},
        "checks": [],
    }
    sectors_total = {key: sum(row[key] for row in data["sectors"]) for key in COUNT_KEYS}
    data["sectors_total"] = sectors_total
    data.update(overrides)
    return data


def unlinked(markdown: str) -> str:
    """Markdown with each link "[20.985](/dossiers/list/?...)" read as its text: "20.985"."""
    import re

    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
