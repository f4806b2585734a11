"""Thành phần hồ sơ: a national record's required papers, read from and written to their cell.

One paper per line (or separated by ";"), each optionally closed by its counts of originals and
copies as the portal writes them. The export writes what the import reads back unchanged.
"""

import re

from procedures.search import fold


def split_parts(text: str, separators: str) -> list[str]:
    """The items of a list cell (papers, channels, agencies), bullets and dashes taken off."""
    parts = re.split(separators, text)
    return [re.sub(r"^[\s\-–•+*]+", "", part).strip() for part in parts if part.strip(" -–•+*")]


# A paper's counts as the portal writes them: "(1 bản chính, 0 bản sao)", "(Bản chính: 1, Bản
# sao: 0)", "(01 bản chính và 01 bản sao)".
_COUNTS_RE = re.compile(r"\(([^()]*\d[^()]*)\)")
_PAPER_EDGES = " \t;.,:-–•+*"


def _counts(inner: str) -> tuple[int | None, int | None] | None:
    folded = fold(inner)
    counts = []
    for word in ("ban chinh", "ban sao"):
        match = re.search(rf"(\d+)\s*{word}\b", folded) or re.search(
            rf"\b{word}\s*:?\s*(\d+)", folded
        )
        counts.append(int(match.group(1)) if match else None)
    return None if counts == [None, None] else (counts[0], counts[1])


def _paper_name(text: str) -> str:
    name = " ".join(text.split())
    return re.sub(r"^[\s\-–•+*;.,:]+", "", name).rstrip(" \t;.,:-–").strip()


def parse_papers(text: str) -> list[dict]:
    """Thành phần hồ sơ: one paper per line (or separated by ";"), each optionally ending with
    its counts: "Tờ khai đăng ký khai sinh (1 bản chính, 0 bản sao)". When the text gives counts,
    they close each paper, so a name may run over several sentences and the portal's
    "Công văn đề nghị …; (1 bản chính, 0 bản sao)" (a ";" or "." before the counts) keeps them;
    then only a line break separates two papers."""
    matches = [m for m in _COUNTS_RE.finditer(text) if _counts(m.group(1))]
    if not matches:
        return [
            {"name": part, "originals": None, "copies": None}
            for part in split_parts(text, r"[;\n]")
        ]
    papers: list[dict] = []
    start = 0
    for match in matches:
        lines = [
            line for line in text[start : match.start()].split("\n") if line.strip(_PAPER_EDGES)
        ]
        # Lines before the last one are papers without counts; the last is this paper's name.
        for line in lines[:-1]:
            papers.append({"name": _paper_name(line), "originals": None, "copies": None})
        originals, copies = _counts(match.group(1))
        if lines:
            papers.append(
                {"name": _paper_name(lines[-1]), "originals": originals, "copies": copies}
            )
        elif papers and papers[-1]["originals"] is None and papers[-1]["copies"] is None:
            papers[-1] |= {"originals": originals, "copies": copies}
        start = match.end()
    papers += [
        {"name": part, "originals": None, "copies": None}
        for part in split_parts(text[start:], r"[;\n]")
        if part.strip(_PAPER_EDGES)
    ]
    return papers


def format_papers(papers: list[dict]) -> str:
    lines = []
    for paper in papers or []:
        counts = []
        if paper.get("originals") is not None:
            counts.append(f"{paper['originals']} bản chính")
        if paper.get("copies") is not None:
            counts.append(f"{paper['copies']} bản sao")
        name = paper.get("name", "")
        lines.append(f"{name} ({', '.join(counts)})" if counts else name)
    return "\n".join(lines)
