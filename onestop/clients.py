"""Who is the client: the one rule every per-client limit uses (the public lookup's throttle, the
login lockout).

``X-Forwarded-For`` is written by whoever sends the request, so it is trusted only as far as the
configured reverse proxies (``NUM_PROXIES``): behind *n* proxies the client is the *n*-th address
from the right, the one the outermost proxy saw. With no proxy configured the header is ignored
and the client is the socket's peer (``REMOTE_ADDR``), so a forged header changes nothing.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "NUM_PROXIES", 0) or 0
    if proxies <= 0:
        return remote_addr
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through all of them.
        return forwarded[0] if forwarded else remote_addr
    return forwarded[-proxies]
