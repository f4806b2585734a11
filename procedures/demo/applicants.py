"""Người nộp hồ sơ: the demo's applicants, with names of the province (Kinh, and the Khmer names
common in Trà Vinh) and identity details that look real without being anyone's.

Pure: random draws from the caller's generator, no database.
"""

from __future__ import annotations

import numpy as np

from procedures.search import fold

# Family names of the province (Kinh, and the Khmer names common in Trà Vinh), middle and given
# names: enough for applicants who look real without being anyone.
FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Thạch",
    "Kim",
    "Sơn",
    "Lâm",
    "Trương",
    "Phan",
    "Châu",
]
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Hữu", "Thị Kim", "Văn")
GIVEN_NAMES = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sang",
    "Tâm",
    "Thảo",
    "Trí",
    "Tuấn",
    "Vy",
    "Xuân",
    "Sóc",
    "Phol",
    "Đa",
    "Ry",
    "Chanh",
    "Tươi",
    "Hiếu",
    "Nhung",
    "Phương",
    "Thu",
    "Tài",
    "Lộc",
    "Khang",
    "Duyên",
]


def applicant_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` full names (family, middle, given) of the province."""
    family = rng.choice(FAMILY_NAMES, count)
    middle = rng.choice(MIDDLE_NAMES, count)
    given = rng.choice(GIVEN_NAMES, count)
    return [f"{f} {m} {g}" for f, m, g in zip(family, middle, given, strict=True)]


def applicant_details(rng: np.random.Generator, name: str) -> dict:
    """The identity, phone, address and e-mail a reception officer types for ``name``: a citizen
    identity number of the province's pattern, born 1950–2005."""
    born = int(rng.integers(1950, 2006))
    century = 0 if born < 2000 else 2
    gender = int(rng.integers(0, 2))
    id_number = f"084{century + gender}{born % 100:02d}{int(rng.integers(0, 1_000_000)):06d}"
    phone = f"0{rng.choice(['9', '3', '8'])}{int(rng.integers(0, 100_000_000)):08d}"
    email = ""
    if rng.random() < 0.3:
        email = f"{fold(name).replace(' ', '.')}{born % 100}@gmail.com"
    return {
        "applicant_name": name,
        "applicant_id_number": id_number,
        "applicant_phone": phone,
        "applicant_address": f"Khóm {int(rng.integers(1, 10))}, phường Trà Vinh, tỉnh Vĩnh Long",
        "applicant_email": email,
    }
