"""Đối chiếu báo cáo: a report a province published (typed by hand, in Vietnamese) checked against
what onestop computes for the same period. Its figures (counts, fractions "x/y", percentages
with the sentence they belong to) are found sentence by sentence; each one a rule below can
place is compared with the same figure of ``admin_reform_data``: it agrees, disagrees (both
values and the list that gives onestop's), or cannot be placed. A percentage that does not
follow from the counts printed beside it ("85/20.985 ... 0,04%") is flagged whatever the data
says: the slip is in the text itself.

The rules are one table (``RULES``): the seed report's wording of the administrative-reform
section ("Thực hiện công tác dân vận gắn với cải cách hành chính") and its common variants."""

import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from procedures.reports.formats import percent_value
from procedures.reports.sources import source_of

AGREE, DISAGREE, INCONSISTENT, UNPLACED = "agree", "disagree", "inconsistent", "unplaced"
N = r"(\d{1,3}(?:\.\d{3})+|\d+)"
PERCENT = r"(\d+(?:,\d+)?)\s*%"
# A centre's figures "since it opened" once the paragraph says so; for the period otherwise.
SINCE_OPENING = re.compile(r"từ khi (?:đi vào )?hoạt động|từ khi thành lập", re.IGNORECASE)
# "Từ ngày 01/01/2017 đến ngày 31/12/2017, ...": back to the period.
PERIOD = re.compile(r"\btừ ngày \d", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """Where a figure of the text is one of onestop's: ``pattern`` finds it (one group per
    figure, in the order of ``paths``), in a sentence that also matches ``context``; a path
    starting with "centre." is a centre's figure, for the centre the sentence names."""

    label: str
    pattern: str
    paths: tuple[str, ...]
    context: str = ""


def _rules() -> tuple[Rule, ...]:
    procedures = "thủ tục hành chính"
    one_stop = "một cửa"
    return (
        Rule(_("Procedures newly announced"), rf"công bố mới {N}\s+thủ tục", ("catalogue.new",)),
        Rule(
            _("Procedures amended"),
            rf"sửa đổi,? bổ sung {N}\s+thủ tục",
            ("catalogue.amended",),
            procedures,
        ),
        Rule(
            _("Procedures replaced"),
            rf"thay thế {N}\s+thủ tục",
            ("catalogue.replaced",),
            procedures,
        ),
        Rule(
            _("Procedures abolished"),
            rf"bãi bỏ {N}\s+thủ tục",
            ("catalogue.abolished",),
            procedures,
        ),
        Rule(
            _("Procedures updated in the national database"),
            rf"cập nhật {N}\s+thủ tục hành chính vào cơ sở dữ liệu quốc gia",
            ("catalogue.published_national",),
        ),
        Rule(_("Procedures reviewed"), rf"rà soát(?: được)? {N}\s+thủ tục", ("review.reviewed",)),
        Rule(
            _("Procedures whose time was cut by 1/2"),
            rf"{N}\s+thủ tục hành chính (?:được )?(?:cắt giảm|giảm) 1/2",
            ("review.cut_half",),
        ),
        Rule(
            _("Procedures whose time was cut by 1/3"),
            rf"{N}\s+thủ tục hành chính (?:được )?(?:cắt giảm|giảm) 1/3",
            ("review.cut_third",),
        ),
        Rule(
            _("Procedures whose time could not be cut"),
            rf"{N}\s+thủ tục hành chính không (?:thể )?cắt giảm",
            ("review.not_cut",),
        ),
        Rule(
            _("Departments with a one-stop desk"),
            rf"{N}\s+sở, ban, ngành",
            ("coverage.departments",),
            one_stop,
        ),
        Rule(
            _("Districts with a one-stop desk"),
            rf"{N}\s+huyện, thị xã, thành phố",
            ("coverage.districts",),
            one_stop,
        ),
        Rule(
            _("Communes with a one-stop desk, of all communes"),
            rf"{N}/{N}\s+xã, phường",
            ("coverage.communes_with_desk", "coverage.communes"),
            one_stop,
        ),
        Rule(
            _("Procedures under the interconnected one-stop mechanism"),
            rf"{N}\s+thủ tục hành chính thực hiện theo cơ chế một cửa liên thông",
            ("coverage.interconnected_procedures",),
        ),
        Rule(
            _("Late dossiers of the dossiers received"),
            rf"{N}/{N}\s+hồ sơ (?:bị )?(?:trễ hạn|quá hạn)",
            ("centre.resolved_late", "centre.received_total"),
        ),
        Rule(
            _("Dossiers received"),
            rf"tiếp nhận(?: tổng số| tổng cộng| được)? {N}\s+hồ sơ",
            ("centre.received_total",),
        ),
        Rule(
            _("Dossiers resolved on time"),
            rf"{N}\s+hồ sơ (?:được )?(?:giải quyết|trả kết quả)(?: và trả kết quả)? "
            rf"(?:đúng hạn|trước hạn và đúng hạn)",
            ("centre.resolved_in_time",),
        ),
        Rule(
            _("Dossiers resolved on time"),
            rf"(?:giải quyết|trả kết quả) đúng hạn {N}\s+hồ sơ",
            ("centre.resolved_in_time",),
        ),
        Rule(
            _("Late dossiers"),
            rf"(?<![\d/.]){N}\s+hồ sơ (?:bị )?(?:trễ hạn|quá hạn)",
            ("centre.resolved_late",),
        ),
        Rule(
            _("Dossiers still within their time"),
            rf"{N}\s+hồ sơ đang (?:trong thời (?:gian|hạn) giải quyết|giải quyết trong hạn)",
            ("centre.in_progress_within_time",),
        ),
    )


@dataclass(frozen=True)
class Finding:
    verdict: str  # AGREE, DISAGREE, INCONSISTENT, UNPLACED
    printed: str  # the figure as the text prints it: "85/20.985", "0,04%", "1.738"
    sentence: str
    subject: str = ""  # what onestop takes it for
    computed: str = ""  # onestop's value, printed the same way
    source: str = ""  # the list that gives onestop's value
    note: str = ""


def number(text: str) -> int:
    """ "20.985" -> 20985; "09" -> 9."""
    return int(text.replace(".", ""))


def _printed_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _percent(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _printed_percent(value: Decimal) -> str:
    return f"{value}".replace(".", ",") + "%"


# -- reading the document ----------------------------------------------------------------------


def document_text(content: bytes, name: str) -> str:
    """The text of a published report: DOCX (its paragraphs and table cells), PDF (its text
    layer) or plain text (UTF-8). Raises ValueError naming what could not be read."""
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        from docx import Document

        try:
            document = Document(io.BytesIO(content))
        except Exception as error:
            raise ValueError(_("%(name)s is not a readable DOCX file.") % {"name": name}) from error
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    if suffix == ".pdf":
        from pypdf import PdfReader

        try:
            pages = PdfReader(io.BytesIO(content)).pages
            text = "\n".join(page.extract_text() or "" for page in pages)
        except Exception as error:
            raise ValueError(_("%(name)s is not a readable PDF file.") % {"name": name}) from error
        if not text.strip():
            raise ValueError(
                _("%(name)s has no text layer (a scan?): give its text instead.") % {"name": name}
            )
        # A PDF breaks lines inside sentences: join them, keep paragraphs.
        return re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            _("%(name)s is not UTF-8 text (line %(line)s).")
            % {"name": name, "line": content[: error.start].count(b"\n") + 1}
        ) from error


def sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) in order: a sentence ends at ". " before a capital."""
    out = []
    text = unicodedata.normalize("NFC", text)
    for index, paragraph in enumerate(re.split(r"\n\s*\n|\n", text)):
        paragraph = " ".join(paragraph.split())
        for sentence in re.split(r"(?<=[.!?])\s+(?=[^\W\d_])", paragraph):
            if sentence:
                out.append((index, sentence))
    return out


# -- the figures --------------------------------------------------------------------------------

# Numbers that are no figure: dates, months, years, document numbers and symbols.
NOT_A_FIGURE = re.compile(
    r"\d+/\d+/\d+"  # 22/12/2016, 09/2015/QĐ-TTg
    r"|\d+/[A-ZĐ][\w-]*"  # 22/KH-UBND
    r"|(?:ngày|tháng|năm|số|khóa|khoá|lần|giai đoạn|điều|khoản|kỳ)\s+\d+(?:/\d+)?"
    r"|\b(?:19|20)\d\d\b"
    r"|\b\d+\s*[–-]\s*\d+\b",  # 2016 – 2020
    re.IGNORECASE,
)
# "cắt giảm 1/2 thời gian ... (chiếm tỷ lệ 90,05%)": a share of time, not the counts of the share.
FRACTION_PERCENT = re.compile(
    rf"(?<!giảm )(?<!dưới ){N}/{N}[^()%]{{0,60}}?\(\s*(?:chiếm\s+)?(?:tỷ lệ\s+)?{PERCENT}\)"
)
ANY_FIGURE = re.compile(rf"{PERCENT}|{N}/{N}|(?<![\d,.]){N}(?![\d,])")


def _own_percentages(sentence: str) -> tuple[list[Finding], list[tuple[int, int]]]:
    """Percentages printed beside their own counts ("85/20.985 ... (chiếm tỷ lệ 0,04%)") that
    do not follow from them, at the precision printed."""
    findings, spans = [], []
    for match in FRACTION_PERCENT.finditer(sentence):
        part, whole_, printed = number(match.group(1)), number(match.group(2)), match.group(3)
        stated = _percent(printed)
        if not whole_:
            continue
        places = Decimal(1).scaleb(-len(printed.split(",")[1]) if "," in printed else 0)
        follows = (Decimal(part) * 100 / Decimal(whole_)).quantize(places, ROUND_HALF_UP)
        spans.append(match.span(3))
        if follows != stated:
            findings.append(
                Finding(
                    INCONSISTENT,
                    f"{printed}%",
                    sentence,
                    note=_("%(part)s/%(whole)s is %(follows)s, not %(printed)s")
                    % {
                        "part": match.group(1),
                        "whole": match.group(2),
                        "follows": _printed_percent(follows),
                        "printed": f"{printed}%",
                    },
                )
            )
    return findings, spans


def _centre_in(sentence: str, data: dict) -> int | None:
    folded = sentence.casefold()
    for index, centre in enumerate(data["centres"]):
        if centre["name"].casefold() in folded:
            return index
    return None


def _value(data: dict, path: str):
    node = data
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node.get(part, {})
    return node if isinstance(node, int) else None


def audit_text(text: str, data: dict) -> list[Finding]:
    """Every figure of ``text`` with its verdict against ``data`` (``admin_reform_data`` for
    the period the text reports on), in the order of the text."""
    rules = _rules()
    findings: list[Finding] = []
    since_paragraph = None
    centre = None
    last_paragraph = None
    for paragraph, sentence in sentences(text):
        if paragraph != last_paragraph:
            centre, last_paragraph = None, paragraph
        if SINCE_OPENING.search(sentence):
            since_paragraph = paragraph
        elif PERIOD.search(sentence):
            since_paragraph = None
        named = _centre_in(sentence, data)
        centre = named if named is not None else centre
        range_key = "since_opening" if since_paragraph == paragraph else "period"

        own, checked = _own_percentages(sentence)
        findings += own
        used: list[tuple[int, int]] = list(checked)
        for rule in rules:
            if rule.context and rule.context not in sentence.casefold():
                continue
            for match in re.finditer(rule.pattern, sentence, re.IGNORECASE):
                spans = [match.span(i + 1) for i in range(len(rule.paths))]
                if any(_overlaps(span, used) for span in spans):
                    continue
                used += spans
                findings += _compare(rule, match, sentence, data, centre, range_key)
        findings += _unplaced(sentence, used)
    return findings


def _overlaps(span: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in used)


def _compare(rule: Rule, match, sentence: str, data: dict, centre, range_key: str):
    printed = [match.group(i + 1) for i in range(len(rule.paths))]
    shown = "/".join(printed)
    paths = []
    for path in rule.paths:
        if path.startswith("centre."):
            if centre is None:
                return [Finding(UNPLACED, shown, sentence, note=_("no centre named"))]
            path = f"centres.{centre}.{range_key}.{path.removeprefix('centre.')}"
        paths.append(path)
    computed = [_value(data, path) for path in paths]
    if any(value is None for value in computed):
        return [Finding(UNPLACED, shown, sentence, subject=str(rule.label))]
    agree = all(number(p) == c for p, c in zip(printed, computed, strict=True))
    findings = [
        Finding(
            AGREE if agree else DISAGREE,
            shown,
            sentence,
            subject=str(rule.label),
            computed="/".join(_printed_number(value) for value in computed),
            source=source_of(data.get("sources"), paths[0]),
        )
    ]
    # "x/y hồ sơ trễ hạn (chiếm tỷ lệ z%)": z against onestop's own share too.
    after = sentence[match.end() : match.end() + 60]
    share = re.match(rf"[^()%]{{0,40}}?\(\s*(?:chiếm\s+)?(?:tỷ lệ\s+)?{PERCENT}\)", after)
    if len(computed) == 2 and share and computed[1]:
        stated = _percent(share.group(1))
        ours = percent_value(computed[0], computed[1])
        if ours is not None:
            findings.append(
                Finding(
                    AGREE if ours == stated else DISAGREE,
                    f"{share.group(1)}%",
                    sentence,
                    subject=_("Share of %(subject)s") % {"subject": rule.label},
                    computed=_printed_percent(ours),
                    source=source_of(data.get("sources"), paths[0]),
                )
            )
    return findings


def _unplaced(sentence: str, used: list[tuple[int, int]]) -> list[Finding]:
    blocked = [m.span() for m in NOT_A_FIGURE.finditer(sentence)] + used
    found = []
    for match in ANY_FIGURE.finditer(sentence):
        if _overlaps(match.span(), blocked):
            continue
        found.append(Finding(UNPLACED, match.group(0).strip(), sentence))
    return found


def audit_summary(findings: list[Finding]) -> dict[str, list[Finding]]:
    """The findings by verdict, the slips first."""
    order = (INCONSISTENT, DISAGREE, AGREE, UNPLACED)
    return {verdict: [f for f in findings if f.verdict == verdict] for verdict in order}


def verdict_label(verdict: str) -> str:
    return {
        AGREE: _("agrees"),
        DISAGREE: _("disagrees"),
        INCONSISTENT: _("does not follow from its own counts"),
        UNPLACED: _("cannot be placed"),
    }[verdict]


def finding_line(finding: Finding) -> str:
    """One finding as a line of text: verdict, figure, subject, onestop's value and list."""
    parts = [f"[{verdict_label(finding.verdict)}] {finding.printed}"]
    if finding.subject:
        parts.append(finding.subject)
    if finding.computed:
        parts.append(_("onestop: %(value)s") % {"value": finding.computed})
    if finding.note:
        parts.append(finding.note)
    if finding.source:
        parts.append(finding.source)
    if finding.verdict != AGREE:
        parts.append(f"« {finding.sentence[:160]} »")
    return " — ".join(parts)
