"""Text normalisation for search that ignores Vietnamese diacritics and case."""

import itertools
import re
import unicodedata
from dataclasses import dataclass


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics: "Đăng ký khai sinh" -> "dang ky khai sinh"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def search_key(text: str) -> str:
    """What the catalogue searches: folded words of letters and digits, one space apart
    ("Cấp giấy phép (cấp lại)" -> "cap giay phep cap lai"), so that word boundaries are spaces
    on SQLite and PostgreSQL alike."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


# Words of a query may stand this many words apart and still be "near" each other.
NEAR = 2
# Beyond this many words, the words must come in the order typed (permutations grow fast).
MAX_PERMUTED = 4


def _near(words: list[str], *, prefix: bool) -> str:
    """A regular expression (the same in Python's re and PostgreSQL's ARE) matching ``words``
    as whole words (or word starts with ``prefix``), each at most NEAR words after the other,
    in any order when there are few."""
    tail = "[a-z0-9]*" if prefix else ""
    orders = itertools.permutations(words) if len(words) <= MAX_PERMUTED else [tuple(words)]
    gap = f"( [a-z0-9]+){{0,{NEAR}}} "
    patterns = {
        "(^| )" + gap.join(word + tail for word in order) + ("" if prefix else "( |$)")
        for order in orders
    }
    return "|".join(f"({pattern})" for pattern in sorted(patterns))


@dataclass(frozen=True)
class SearchQuery:
    """A typed search, ranked: 0 the name starts with the phrase, 1 the phrase elsewhere,
    2 every word as a whole word near the others, 3 the rest (words started, near each other).
    Words scattered through a long name ("phòng hộ … Chủ tịch" for "ho tich") do not match."""

    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "SearchQuery":
        return cls(tuple(search_key(text).split()))

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def near_words(self) -> str:
        return _near(list(self.words), prefix=False)

    @property
    def started_words(self) -> str:
        return _near(list(self.words), prefix=True)

    def rank(self, key: str) -> int | None:
        """The tier of a name's search key (``None``: no match): the reference the database
        expressions are tested against."""
        padded = f" {key} "
        if key.startswith(self.phrase + " ") or key == self.phrase:
            return 0
        if f" {self.phrase} " in padded:
            return 1
        if re.search(self.near_words, key):
            return 2
        if re.search(self.started_words, key):
            return 3
        return None
