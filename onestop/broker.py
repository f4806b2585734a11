"""Kết nối tới hàng đợi (broker): the Redis transport of Celery's broker, made to survive Redis
going away while the worker holds a task.

Why: with kombu 5.7 / Celery 5.7, when the connection to Redis is lost while a task is in the
worker's hands, the consumer closes the old connection (which detaches its transport) and then
touches that connection's channel again: restoring the unacknowledged message as the channel
closes, and acknowledging the task once it has ended (its result could not be stored either).
Both build a Redis client from the detached transport (``Channel._connparams`` reads
``self.connection.client``, now ``None``), so they raise ``AttributeError`` instead of a
connection error; Celery catches only connection errors there, so the worker's main process
exited with "Unrecoverable error: AttributeError("'NoneType' object has no attribute
'hostname'")". Upstream: the same failure, other paths, in celery/kombu#582 and #320.

Here a channel whose connection is gone raises the connection error it really is. Celery then
treats it as one: it logs it and goes on reconnecting, and the same process serves tasks once
Redis is back. Nothing is lost: a message not acknowledged stays in Redis's unacknowledged set
and is delivered again after the visibility timeout (tasks are idempotent,
see docs/operations/faults.md).
"""

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    """A channel of the Redis broker that reports a detached connection as lost."""

    def _connparams(self, asynchronous=False):
        transport = self.connection
        if transport is None or transport.client is None:
            raise RedisConnectionError("the broker connection of this channel was closed")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    """kombu's Redis transport with :class:`Channel` (``CELERY_BROKER_TRANSPORT``)."""

    Channel = Channel
