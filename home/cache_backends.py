"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's `RedisCacheClient` builds a new `redis.Redis` object for every operation, which
costs more CPU than the round trip itself (158 against 89 microseconds per `get` here,
bench/README.md). A client over a pool is safe to share, and Django already gives each thread
its own backend, so the client is built once per backend and pool. Everything else (keys,
pickling, timeouts, `CACHE_URL`) is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusedClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient


DJANGO_REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def with_reused_client(config: dict) -> dict:
    """A cache setting (from `CACHE_URL`) with Django's Redis backend swapped for this one."""
    if config.get("BACKEND") == DJANGO_REDIS_BACKEND:
        return {**config, "BACKEND": f"{__name__}.RedisCache"}
    return config
