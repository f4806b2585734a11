"""Tra cứu hồ sơ: who may read a dossier's state without logging in, and how often.

Dossier codes follow the law's format and are sequential per desk and day, so a code alone can be
guessed. The receipt therefore prints a short **check value** (mã kiểm tra) beside the code and
puts it in the QR link; the lookup needs both. The check value is an HMAC of the code keyed by
``PUBLIC_LOOKUP_KEY`` (SECRET_KEY unless set), so every dossier has one, imported ones included,
with nothing stored.

Each client (``onestop.clients.client_ip``) has ``PUBLIC_LOOKUP_RATE`` look-ups per period in the
shared cache (Redis in production, so every gunicorn worker counts against the same figure). A
look-up that finds nothing costs ``PUBLIC_LOOKUP_FAILURE_WEIGHT`` of them: guessing runs out
long before it finds anything.
"""

import contextlib
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from onestop.clients import client_ip

logger = logging.getLogger(__name__)

# Crockford's base 32: no I, L, O or U, so a check value read aloud or typed is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_LENGTH = 6
_TYPED_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def check_value(code: str) -> str:
    """The check value printed beside ``code`` on its receipt: 6 characters, 30 bits."""
    digest = hmac.new(
        settings.PUBLIC_LOOKUP_KEY.encode(), normalise_code(code).encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:4], "big") >> (32 - 5 * CHECK_LENGTH)
    chars = []
    for _ in range(CHECK_LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(reversed(chars))


def check_matches(code: str, given: str) -> bool:
    """Whether ``given`` (as the applicant typed it: any case, spaces or dashes, O for 0) is the
    check value of ``code``; compared in constant time."""
    typed = "".join(ch for ch in (given or "").upper() if ch.isalnum()).translate(_TYPED_ALIASES)
    if not normalise_code(code) or len(typed) != CHECK_LENGTH:
        return False
    return hmac.compare_digest(typed, check_value(code))


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int


def lookup_rate() -> Rate:
    count, _, unit = settings.PUBLIC_LOOKUP_RATE.partition("/")
    return Rate(limit=int(count), period=_PERIODS[unit.strip()[:1].lower()])


def _window_key(request, rate: Rate) -> tuple[str, int]:
    now = time.time()
    window = int(now // rate.period)
    retry_after = int((window + 1) * rate.period - now) + 1
    return f"public-lookup:{client_ip(request)}:{window}", retry_after


def lookup_admit(request) -> int | None:
    """Count one look-up for the client; None when it may go ahead, else the seconds to wait.
    The count is atomic in the cache, so concurrent requests cannot slip past the limit."""
    rate = lookup_rate()
    key, retry_after = _window_key(request, rate)
    try:
        cache.add(key, 0, timeout=rate.period + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rate.period + 1)
            used = 1
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: the check value still guards
        logger.warning("public lookup: the cache is unreachable, look-up not counted")
        return None
    return None if used <= rate.limit else retry_after


def lookup_failed(request) -> None:
    """A look-up found nothing: it costs the failure weight, not one."""
    extra = settings.PUBLIC_LOOKUP_FAILURE_WEIGHT - 1
    if extra <= 0:
        return
    key, _ = _window_key(request, lookup_rate())
    with contextlib.suppress(Exception):  # missing key, or the cache is down
        cache.incr(key, extra)


def public_dossier(*, code: str, check: str):
    """The dossier the public may read for ``code`` and ``check``, or None: a wrong check value
    and an unknown code look the same, so an answer never says that a code exists."""
    from procedures.selectors.dossiers import dossier_public_get

    if not check_matches(code, check):
        return None
    return dossier_public_get(code=code)
