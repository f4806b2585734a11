"""Django's Redis cache, keeping its Redis clients.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` on every cache call (on the shared
connection pool): its constructor registers some 170 response callbacks, which cost more than
the call's own round trip to Redis. Every intake claims its roll-up cell in the cache (issue 9),
so the client is built once per connection pool and kept; a ``redis.Redis`` is safe to share
between threads (each command takes a connection from the pool).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
