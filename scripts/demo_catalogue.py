"""Derive the demo province's large catalogue files from the real national records.

    .venv/bin/python scripts/demo_catalogue.py [path/to/national-records-2642.csv]

Reads ``../shared/data/catalogue/national-records-2642.csv`` (real names, sectors, channels,
processing times, fees and legal bases; see its SOURCES.md) and the hand-written rows already in
``procedures/demo/`` (the procedures the dossier history uses), and writes, in the project's own
import formats:

- ``catalogue-2016.csv``: the rest of the province's catalogue in force before 2017;
- ``qd-0680-2017.csv``: a 2017 decision announcing new and abolishing provincial procedures, and
  the district and commune lines of ``qd-1065-2017.csv`` after its first, hand-written ones;
- ``ra-soat-2017.csv``: the 2017 time review (plan 22/KH-UBND).

The counts are those of the 2017 report (seed): 204 newly announced and 221 abolished in 2017,
1,738 reviewed (1,565 cut by 1/2, 94 by 1/3, 79 not cut), 97 under the interconnected mechanism
at 31/12/2017. Deterministic: the same inputs give the same files (records taken in code order).
The demo ships the files: ``make run`` never reads ../shared.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "procedures" / "demo"
SOURCE = ROOT.parent / "shared" / "data" / "catalogue" / "national-records-2642.csv"

NEW_2017, ABOLISHED_2017 = 204, 221
HAND_1065_LINES = 6  # the hand-written lines that open qd-1065-2017.csv
REVIEWED, CUT_HALF, CUT_THIRD, NOT_CUT = 1738, 1565, 94, 79
INTERCONNECTED = 97
INITIAL_ROWS = 1760  # the catalogue before 2017, besides the hand-written rows
PROVINCE_NEW, PROVINCE_ABOLISHED = 150, 160  # the rest are district and commune lines

# Review items of the hand-written procedures (procedures.demo.catalogue.REVIEW_2017): code ->
# (legal time on 31/10/2017, applied time).
HAND_REVIEW = {
    "1.003003": (20, 10),
    "1.004227": (10, 5),
    "2.000488": (10, 5),
    "1.009794": (12, 6),
    "1.001695": (15, 7),
    "1.001612": (3, 2),
    "2.001610": (3, 2),
    "1.001776": (22, 11),
    "1.000105": (5, 5),
    # Not 1.001193 (birth registration): "Trong ngày" is a same-day time, with no amount a
    # review could cut, so the review service refuses it.
    "1.000894": (3, 3),
}
HAND_INTERCONNECTED = 3  # 1.003003, 1.004227, 1.001776 (catalogue.csv)

# The department (of the 19 in units.csv) that carries out a provincial record, by the ministry
# whose records it comes from; sectors refine it.
MINISTRY_DEPARTMENT = {
    "bo-tai-chinh": "Sở Tài chính",
    "bo-nong-nghiep-mt": "Sở Nông nghiệp và Phát triển nông thôn",
    "bo-xay-dung": "Sở Xây dựng",
    "bo-cong-an": "Công an tỉnh",
    "bo-tu-phap": "Sở Tư pháp",
    "ngan-hang-nha-nuoc": "Sở Kế hoạch và Đầu tư",
    "toa-an-nhan-dan": "Sở Tư pháp",
}
SECTOR_DEPARTMENT = (
    ("dat dai", "Sở Tài nguyên và Môi trường"),
    ("moi truong", "Sở Tài nguyên và Môi trường"),
    ("tai nguyen", "Sở Tài nguyên và Môi trường"),
    ("bien", "Sở Tài nguyên và Môi trường"),
    ("khi tuong", "Sở Tài nguyên và Môi trường"),
    ("duong bo", "Sở Giao thông vận tải"),
    ("duong thuy", "Sở Giao thông vận tải"),
    ("hang hai", "Sở Giao thông vận tải"),
    ("giao thong", "Sở Giao thông vận tải"),
    ("dang kiem", "Sở Giao thông vận tải"),
    ("doanh nghiep", "Sở Kế hoạch và Đầu tư"),
    ("dau tu", "Sở Kế hoạch và Đầu tư"),
)
DISTRICT_AGENCY = "Ủy ban nhân dân cấp huyện"
COMMUNE_AGENCY = "Ủy ban nhân dân cấp xã"
INTERCONNECTED_PATHS = {
    "Cấp Tỉnh": "{agency} → Cục Thuế tỉnh → Văn phòng Đăng ký đất đai",
    "Cấp Huyện": "Ủy ban nhân dân cấp huyện → Chi cục Thuế → {agency}",
    "Cấp Xã": "Ủy ban nhân dân cấp xã → Công an cấp xã → Bảo hiểm xã hội",
}

CATALOGUE_HEADERS = [
    "STT",
    "Mã TTHC",
    "Tên TTHC",
    "Mã lĩnh vực",
    "Lĩnh vực",
    "Loại TTHC",
    "Cơ quan thực hiện",
    "Cấp thực hiện",
    "Cách thức thực hiện",
    "Thời hạn giải quyết",
    "Thời hạn áp dụng",
    "Phí, lệ phí",
    "Thành phần hồ sơ",
    "Kết quả thực hiện",
    "Căn cứ pháp lý",
    "Mức độ DVC",
    "Một cửa liên thông",
    "Cơ quan liên thông",
    "Quyết định công bố",
    "Ngày hiệu lực",
    "Ngày công khai CSDLQG",
]
DECISION_HEADERS = [
    "Số quyết định",
    "Ngày ký",
    "Người ký",
    "Ngày hiệu lực",
    "Trích yếu",
    "Loại thay đổi",
    "Mã TTHC",
    "Mã TTHC được thay thế",
    "Tên TTHC",
    "Mã lĩnh vực",
    "Lĩnh vực",
    "Cơ quan thực hiện",
    "Cấp thực hiện",
    "Cách thức thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Thành phần hồ sơ",
    "Kết quả thực hiện",
    "Căn cứ pháp lý",
    "Mức độ DVC",
    "Một cửa liên thông",
    "Cơ quan liên thông",
    "Tên VBQPPL quy định việc bãi bỏ",
]
# Initial catalogue decisions, by level: number, effective date, publication date.
INITIAL_DECISIONS = {
    "Cấp Tỉnh": ("1525/QĐ-UBND", "01/08/2016", "20/08/2016"),
    "Cấp Huyện": ("1687/QĐ-UBND", "01/09/2016", "15/09/2016"),
    "Cấp Xã": ("1236/QĐ-UBND", "01/07/2016", "15/07/2016"),
}
DECISION_0680 = {
    "Số quyết định": "680/QĐ-UBND",
    "Ngày ký": "10/04/2017",
    "Người ký": "Đồng Văn Lâm",
    "Ngày hiệu lực": "15/04/2017",
    "Trích yếu": (
        "Công bố Danh mục thủ tục hành chính mới ban hành và bị bãi bỏ thuộc thẩm quyền giải "
        "quyết của các sở, ban, ngành tỉnh Trà Vinh"
    ),
}
ABOLISH_BASIS = "Văn bản quy phạm pháp luật của Trung ương thay thế, bãi bỏ quy định về thủ tục"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def time_text(raw: str) -> str | None:
    """The portal's time as the project writes it; calendar days become working days (x 5/7,
    rounded up), since the catalogue counts working time. None when there is no usable time."""
    raw = raw.strip()
    if m := re.fullmatch(r"(\d+(?:,\d+)?) Ngày làm việc", raw):
        return f"{m.group(1)} ngày làm việc"
    if m := re.fullmatch(r"(\d+(?:,\d+)?) Giờ(?: làm việc)?", raw):
        return f"{m.group(1)} giờ làm việc"
    if m := re.fullmatch(r"(\d+) Ngày", raw):
        return f"{max(1, math.ceil(int(m.group(1)) * 5 / 7))} ngày làm việc"
    return None


def time_value(text: str) -> tuple[Decimal, str]:
    number, unit = text.split(" ", 1)
    return Decimal(number.replace(",", ".")), unit


def number_text(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def level_of(raw: str) -> str | None:
    folded = fold(raw)
    has_province, has_commune = "cap tinh" in folded, "cap xa" in folded
    if has_province and has_commune:
        return "Cấp Huyện"
    if has_commune:
        return "Cấp Xã"
    if has_province or "cap bo" in folded:
        return "Cấp Tỉnh"
    return None


def department_of(source: str, sector: str) -> str:
    folded = fold(sector)
    for word, department in SECTOR_DEPARTMENT:
        if word in folded:
            return department
    return MINISTRY_DEPARTMENT.get(source, "Văn phòng Ủy ban nhân dân tỉnh")


def sector_codes(names, taken: dict[str, str]) -> dict[str, str]:
    """A short code per sector name: the initials of its words (HT for Hộ tịch), numbered when
    two sectors share them; names the hand-written files already code keep their code."""
    codes = dict(taken)
    used = set(codes.values())
    for name in sorted(set(names) - set(codes)):
        initials = "".join(w[0] for w in re.findall(r"[a-z0-9]+", fold(name))).upper()[:6] or "LV"
        code, n = initials, 1
        while code in used:
            n += 1
            code = f"{initials}{n}"
        codes[name] = code
        used.add(code)
    return codes


def records(source: Path) -> pd.DataFrame:
    frame = pd.read_csv(source, dtype=str).fillna("")
    frame["time"] = frame["Thời hạn giải quyết"].map(time_text)
    frame["level"] = frame["Cấp thực hiện"].map(level_of)
    frame["source"] = frame["Ghi chú"].str.extract(r"source ([a-z-]+)/")[0].fillna("")
    frame = frame[frame["time"].notna() & frame["level"].notna()]
    frame = frame[frame["Tên TTHC"].str.len().between(10, 500)]
    frame = frame.drop_duplicates("Tên TTHC")
    return frame.sort_values("Mã TTHC").reset_index(drop=True)


def main(source: Path = SOURCE) -> None:
    hand = {
        name: pd.read_csv(DEMO / name, dtype=str).fillna("")
        for name in ("catalogue.csv", "qd-1065-2017.csv", "qd-1570-2025.csv")
    }
    hand["qd-1065-2017.csv"] = hand["qd-1065-2017.csv"].head(HAND_1065_LINES)
    used = set().union(*(set(frame["Mã TTHC"]) for frame in hand.values()))
    used |= set(hand["qd-1065-2017.csv"]["Mã TTHC được thay thế"])
    used |= set(hand["qd-1570-2025.csv"]["Mã TTHC được thay thế"])
    taken_sectors = {}
    for frame in hand.values():
        taken_sectors |= dict(zip(frame["Lĩnh vực"], frame["Mã lĩnh vực"], strict=True))
    taken_sectors.pop("", None)

    pool = records(source)
    pool = pool[~pool["Mã TTHC"].isin(used)].reset_index(drop=True)
    codes = sector_codes(pool["Lĩnh vực"], taken_sectors)
    pool["agency"] = [
        department_of(src, sector)
        if level == "Cấp Tỉnh"
        else DISTRICT_AGENCY
        if level == "Cấp Huyện"
        else COMMUNE_AGENCY
        for src, sector, level in zip(pool["source"], pool["Lĩnh vực"], pool["level"], strict=True)
    ]

    # New in 2017: the last records of each level (a code order is as good as any).
    province = pool[pool["level"] == "Cấp Tỉnh"]
    local = pool[pool["level"] != "Cấp Tỉnh"]
    new_local = NEW_2017 - 2 - PROVINCE_NEW  # qd-1065 already announces two
    new_rows = pd.concat([province.tail(PROVINCE_NEW), local.tail(new_local)])
    initial = pool.drop(new_rows.index).head(INITIAL_ROWS)
    if len(initial) < INITIAL_ROWS:
        raise SystemExit(f"Only {len(initial)} records left for the initial catalogue.")
    # Abolished in 2017: spread over the initial catalogue (every eighth record).
    abolished_local = ABOLISHED_2017 - 1 - PROVINCE_ABOLISHED  # qd-1065 abolishes one
    initial_province = initial[initial["level"] == "Cấp Tỉnh"]
    initial_local = initial[initial["level"] != "Cấp Tỉnh"]
    abolished = pd.concat(
        [
            initial_province.iloc[:: max(1, len(initial_province) // PROVINCE_ABOLISHED)].head(
                PROVINCE_ABOLISHED
            ),
            initial_local.iloc[:: max(1, len(initial_local) // abolished_local)].head(
                abolished_local
            ),
        ]
    )
    if len(abolished) != ABOLISHED_2017 - 1:
        raise SystemExit(f"{len(abolished)} procedures to abolish, not {ABOLISHED_2017 - 1}.")
    surviving = initial.drop(abolished.index)

    # Interconnected: records whose names say so first, then land and construction ones.
    names = surviving["Tên TTHC"].map(fold)
    preferred = names.str.contains("lien thong|dat dai|quyen su dung dat|xay dung|dang ky")
    order = pd.concat([surviving[preferred], surviving[~preferred]])
    interconnected = set(order.head(INTERCONNECTED - HAND_INTERCONNECTED)["Mã TTHC"])

    def catalogue_row(number: int, rec) -> dict:
        decision, effective, published = INITIAL_DECISIONS[rec["level"]]
        linked = rec["Mã TTHC"] in interconnected
        return {
            "STT": number,
            "Mã TTHC": rec["Mã TTHC"],
            "Tên TTHC": rec["Tên TTHC"],
            "Mã lĩnh vực": codes[rec["Lĩnh vực"]],
            "Lĩnh vực": rec["Lĩnh vực"],
            "Loại TTHC": rec["Loại TTHC"],
            "Cơ quan thực hiện": rec["agency"],
            "Cấp thực hiện": rec["level"],
            "Cách thức thực hiện": rec["Cách thức thực hiện"],
            "Thời hạn giải quyết": rec["time"],
            "Thời hạn áp dụng": "",
            "Phí, lệ phí": rec["Phí, lệ phí"][:300],
            "Thành phần hồ sơ": "",
            "Kết quả thực hiện": "",
            "Căn cứ pháp lý": "",
            "Mức độ DVC": "3" if "Trực tuyến" in rec["Cách thức thực hiện"] else "2",
            "Một cửa liên thông": "Có" if linked else "Không",
            "Cơ quan liên thông": (
                INTERCONNECTED_PATHS[rec["level"]].format(agency=rec["agency"]) if linked else ""
            ),
            "Quyết định công bố": decision,
            "Ngày hiệu lực": effective,
            "Ngày công khai CSDLQG": published,
        }

    catalogue = pd.DataFrame(
        [catalogue_row(i, rec) for i, (_, rec) in enumerate(initial.iterrows(), start=1)],
        columns=CATALOGUE_HEADERS,
    )
    catalogue.to_csv(DEMO / "catalogue-2016.csv", index=False)

    def decision_row(header: dict, kind: str, rec) -> dict:
        row = dict.fromkeys(DECISION_HEADERS, "") | header | {"Loại thay đổi": kind}
        row |= {"Mã TTHC": rec["Mã TTHC"], "Tên TTHC": rec["Tên TTHC"]}
        if kind == "Bãi bỏ":
            row["Tên VBQPPL quy định việc bãi bỏ"] = ABOLISH_BASIS
            return row
        row |= {
            "Mã lĩnh vực": codes[rec["Lĩnh vực"]],
            "Lĩnh vực": rec["Lĩnh vực"],
            "Cơ quan thực hiện": rec["agency"],
            "Cấp thực hiện": rec["level"],
            "Cách thức thực hiện": rec["Cách thức thực hiện"],
            "Thời hạn giải quyết": rec["time"],
            "Phí, lệ phí": rec["Phí, lệ phí"][:300],
            "Căn cứ pháp lý": "",
            "Mức độ DVC": "3" if "Trực tuyến" in rec["Cách thức thực hiện"] else "2",
            "Một cửa liên thông": "Không",
        }
        return row

    qd1065 = hand["qd-1065-2017.csv"].iloc[0]
    header_1065 = {key: qd1065[key] for key in DECISION_0680}
    province_rows = [
        *(
            decision_row(DECISION_0680, "Công bố mới", r)
            for _, r in province.tail(PROVINCE_NEW).iterrows()
        ),
        *(
            decision_row(DECISION_0680, "Bãi bỏ", r)
            for _, r in abolished[abolished["level"] == "Cấp Tỉnh"].iterrows()
        ),
    ]
    local_rows = [
        *(decision_row(header_1065, "Công bố mới", r) for _, r in local.tail(new_local).iterrows()),
        *(
            decision_row(header_1065, "Bãi bỏ", r)
            for _, r in abolished[abolished["level"] != "Cấp Tỉnh"].iterrows()
        ),
    ]
    pd.DataFrame(province_rows, columns=DECISION_HEADERS).to_csv(
        DEMO / "qd-0680-2017.csv", index=False
    )
    pd.concat(
        [hand["qd-1065-2017.csv"], pd.DataFrame(local_rows, columns=DECISION_HEADERS)]
    ).to_csv(DEMO / "qd-1065-2017.csv", index=False)

    # The review (31/10/2017): the hand-written items, then procedures in force that day.
    buckets = {"half": 0, "third": 0, "not_cut": 0}
    items = []
    for code, (legal, applied) in HAND_REVIEW.items():
        bucket = "not_cut" if applied >= legal else "half" if applied * 2 <= legal else "third"
        buckets[bucket] += 1
        items.append((code, str(applied)))
    want = {
        "half": CUT_HALF - buckets["half"],
        "third": CUT_THIRD - buckets["third"],
        "not_cut": NOT_CUT - buckets["not_cut"],
    }
    in_force = pd.concat([surviving, new_rows])
    in_force = in_force[~in_force["Mã TTHC"].isin(HAND_REVIEW)]
    legal = in_force["time"].map(time_value)
    thirds = in_force[legal.map(lambda t: t[0] % 3 == 0 and t[0] >= 3)]
    chosen_third = thirds.head(want["third"])
    rest = in_force.drop(chosen_third.index)
    chosen_not_cut = rest.iloc[:: max(1, len(rest) // want["not_cut"])].head(want["not_cut"])
    chosen_half = rest.drop(chosen_not_cut.index).head(want["half"])
    if len(chosen_half) < want["half"] or len(chosen_third) < want["third"]:
        raise SystemExit("Not enough procedures in force to review.")
    for frame, share in ((chosen_half, Decimal("0.5")), (chosen_third, None), (chosen_not_cut, 1)):
        for _, rec in frame.iterrows():
            value, _unit = time_value(rec["time"])
            applied = value * 2 / 3 if share is None else value * Decimal(share)
            items.append((rec["Mã TTHC"], number_text(applied.quantize(Decimal("0.01")))))
    review = pd.DataFrame(items, columns=["Mã TTHC", "Thời hạn áp dụng"]).sort_values("Mã TTHC")
    if len(review) != REVIEWED or not review["Mã TTHC"].is_unique:
        raise SystemExit("The review does not hold each procedure once.")
    review.to_csv(DEMO / "ra-soat-2017.csv", index=False)
    print(
        f"catalogue-2016.csv: {len(catalogue)}; qd-0680-2017.csv: {len(province_rows)}; "
        f"qd-1065-2017.csv: {HAND_1065_LINES} + {len(local_rows)}; "
        f"ra-soat-2017.csv: {len(review)}; "
        f"interconnected: {len(interconnected)}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
