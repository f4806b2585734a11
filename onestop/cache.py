"""Django's Redis cache, keeping its Redis clients.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` on every cache call (on the shared
connection pool): its constructor registers some 170 response callbacks, which cost more than
the call's own round trip to Redis. Every intake claims its roll-up cell in the cache (issue 9),
so the client is built once per connection pool and kept; a ``redis.Redis`` is safe to share
between threads (each command takes a connection from the pool).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose Redis clients are built once."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient


class TolerantRedisCache(KeptClientRedisCache):
    """A cache that Redis being down does not break: each call that cannot reach Redis acts as
    a miss (a read finds nothing, a write keeps nothing, ``incr`` finds no key), so the pages
    compute what they would have read, and the rate limits count nothing for a while. A warning
    is logged, and Redis is left alone for ``RETRY_AFTER`` seconds after a failure, so that a
    page with a dozen cache calls does not wait on a dozen failed connections."""

    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def unreachable(self) -> bool:
        """Whether the last call found Redis down (and it is still being left alone): a caller
        to whom a missed ``add`` means "someone else holds it" asks this before trusting it."""
        return time.monotonic() < self._down_until

    def _call(self, method, missed, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return missed()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            logger.warning("cache unreachable, computing without it: %s", error)
            return missed()

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")

        return self._call("incr", missing, key, delta, version)

    def clear(self):
        return self._call("clear", lambda: None)
