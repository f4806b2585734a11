"""Văn bản hành chính: what the report needs, beyond its figures, to be a document an office signs
(Decree 30/2020/NĐ-CP): the issuing body on two lines, the number and symbol, the place and
date, the recipients and the signer. The officer gives them on the report screen; whatever is
left empty is derived from the reporting unit or printed as the dotted blank the office fills
by hand. One description read by the DOCX and PDF writers alike."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

# What the report screen's form may give (GeneratedReport.document); anything else is ignored.
DOCUMENT_KEYS = (
    "governing_body",
    "issuing_body",
    "place",
    "number",
    "symbol",
    "signed_on",
    "receiving_unit",
    "recipients",
    "signer_title",
    "signer_name",
)
BLANK = "…"
# The symbol of a report (BC) issued by a People's Committee (UBND): Appendix III of the decree.
DEFAULT_SYMBOL = "BC-UBND"
CIRCULAR = "01/2020/TT-VPCP"


@dataclass(frozen=True)
class Particulars:
    """The texts around the figures, resolved: every line ready to print."""

    governing_body: str  # "ỦY BAN NHÂN DÂN" (or "UBND TỈNH TRÀ VINH" above a department)
    issuing_body: str  # "TỈNH TRÀ VINH" (or "SỞ NỘI VỤ")
    number_line: str  # "Số: …/BC-UBND"
    place_date: str  # "Trà Vinh, ngày … tháng … năm 2018"
    receiving_unit: str
    recipients: tuple[str, ...]
    signer_title: tuple[str, ...]  # "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    signer_note: str  # "(Ký, ghi rõ họ tên, đóng dấu)" when no name is given
    signer_name: str


def document_clean(values: dict | None) -> dict:
    """Only the known keys, as stripped texts (what is stored per report and remembered)."""
    values = values or {}
    return {key: str(values.get(key) or "").strip() for key in DOCUMENT_KEYS}


def _province_name(reporting_unit: str) -> str:
    """ "Tỉnh Trà Vinh" -> "Trà Vinh": the place of the date line."""
    return re.sub(r"^(tỉnh|thành phố)\s+", "", reporting_unit.strip(), flags=re.IGNORECASE)


def date_line(place: str, signed_on: date | None) -> str:
    if signed_on is None:
        return _("%(place)s, day %(blank)s month %(blank)s year %(blank)s") % {
            "place": place,
            "blank": BLANK,
        }
    return _("%(place)s, day %(day)02d month %(month)02d year %(year)d") % {
        "place": place,
        "day": signed_on.day,
        "month": signed_on.month,
        "year": signed_on.year,
    }


def particulars(data: dict, document: dict | None = None) -> Particulars:
    """The resolved texts for ``data`` (the report's figures) and the officer's ``document``."""
    given = document_clean(document)
    reporting = str(data.get("reporting_unit") or "")
    signed_on = None
    if given["signed_on"]:
        try:
            signed_on = date.fromisoformat(given["signed_on"])
        except ValueError:
            signed_on = None
    recipients = [line.strip() for line in given["recipients"].splitlines() if line.strip()]
    if not recipients:
        recipients = [_("- Government Office;"), _("- Filed: Records.")]
    default_title = _("ON BEHALF OF THE PEOPLE'S COMMITTEE") + "\n" + _("CHAIRMAN")
    return Particulars(
        governing_body=(given["governing_body"] or _("PEOPLE'S COMMITTEE")).upper(),
        issuing_body=(given["issuing_body"] or reporting).upper(),
        number_line=_("No.: %(number)s/%(symbol)s")
        % {"number": given["number"] or BLANK, "symbol": given["symbol"] or DEFAULT_SYMBOL},
        place_date=date_line(given["place"] or _province_name(reporting), signed_on),
        receiving_unit=given["receiving_unit"] or _("Government Office"),
        recipients=tuple(recipients),
        signer_title=tuple(
            line.strip().upper()
            for line in (given["signer_title"] or default_title).splitlines()
            if line.strip()
        ),
        signer_note="" if given["signer_name"] else _("(Signature, full name, seal)"),
        signer_name=given["signer_name"],
    )


def circular_line() -> str:
    return _("Issued with Circular No. %(circular)s") % {"circular": CIRCULAR}
