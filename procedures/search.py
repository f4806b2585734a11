"""Text normalisation for search that ignores Vietnamese diacritics and case."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics: "Đăng ký khai sinh" -> "dang ky khai sinh"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
