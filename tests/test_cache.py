"""The Redis cache (onestop.cache): Django's behaviour, its clients built once."""

import pytest
from django.core.cache import cache, caches

from onestop.cache import KeptClientRedisCache

pytestmark = pytest.mark.skipif(
    not isinstance(caches["default"], KeptClientRedisCache),
    reason="the cache is Redis only under CACHE_URL",
)


def test_every_call_uses_the_same_client_of_the_pool():
    client = caches["default"]._cache

    assert client.get_client("a", write=True) is client.get_client("b", write=True)
    assert client.get_client("a") is client.get_client("a", write=True)  # one server


def test_add_get_and_delete_answer_as_django_s_redis_cache():
    cache.delete("onestop-test:claim")

    assert cache.add("onestop-test:claim", True, timeout=30) is True
    # A second claim of a held key is refused: the roll-up queue relies on it.
    assert cache.add("onestop-test:claim", True, timeout=30) is False
    assert cache.get("onestop-test:claim") is True
    assert cache.delete("onestop-test:claim") is True
    assert cache.get("onestop-test:claim", "gone") == "gone"
