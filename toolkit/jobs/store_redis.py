"""Job records in Redis hashes (scale-out mode).

Layout under the namespace ``ns`` (default ``machmal``)::

    {ns}:job:{id}      hash: the flat record (see JobRecord.to_flat)
    {ns}:jobs          sorted set: job ids by creation time
    {ns}:key:{key}     sorted set: job ids of one idempotency key by creation time
    {ns}:workers       hash: worker id -> JSON info (host, pid, seen)

Compare-and-set updates run as one Lua script, so they are atomic on the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from toolkit.jobs.model import JobRecord, flat_value
from toolkit.jobs.store import JobStore, Reusable

_CAS = """
local n = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 1, n do
  if redis.call('HGET', KEYS[1], ARGV[2 * i]) ~= ARGV[2 * i + 1] then return 0 end
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2 * n + 2))
return 1
"""


class RedisJobStore(JobStore):
    """Job records on a Redis server shared by every worker and client."""

    def __init__(self, url: str, namespace: str = "machmal") -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.ns = namespace
        self._cas = self.client.register_script(_CAS)

    def _job(self, job_id: str) -> str:
        return f"{self.ns}:job:{job_id}"

    def claim_key(self, record: JobRecord, reusable: Reusable) -> JobRecord:
        import redis

        index = f"{self.ns}:key:{record.key}"
        while True:
            with self.client.pipeline() as pipe:
                try:
                    pipe.watch(index)
                    for job_id in reversed(pipe.zrange(index, 0, -1)):
                        existing = self.get(job_id.decode())
                        if existing is not None and reusable(existing):
                            pipe.unwatch()
                            return existing
                    pipe.multi()
                    pipe.hset(self._job(record.id), mapping=record.to_flat())
                    pipe.zadd(index, {record.id: record.created_at})
                    pipe.zadd(f"{self.ns}:jobs", {record.id: record.created_at})
                    pipe.execute()
                    return record
                except redis.WatchError:
                    continue

    def get(self, job_id: str) -> JobRecord | None:
        data = self.client.hgetall(self._job(job_id))
        return JobRecord.from_flat(data) if data else None

    def list(self, states: Iterable[str] | None = None, limit: int = 100) -> list[JobRecord]:
        wanted = set(states) if states is not None else None
        found: list[JobRecord] = []
        start, page = 0, 200
        while len(found) < limit:
            ids = self.client.zrevrange(f"{self.ns}:jobs", start, start + page - 1)
            if not ids:
                break
            with self.client.pipeline(transaction=False) as pipe:
                for job_id in ids:
                    pipe.hgetall(self._job(job_id.decode()))
                rows = pipe.execute()
            for row in rows:
                if row:
                    record = JobRecord.from_flat(row)
                    if wanted is None or record.state in wanted:
                        found.append(record)
            start += page
        return found[:limit]

    def update(self, job_id: str, values: dict[str, Any],
               expect: dict[str, str] | None = None) -> bool:
        expect = expect or {}
        args: list[Any] = [len(expect)]
        for k, v in expect.items():
            args += [k, v]
        for k, v in values.items():
            args += [k, flat_value(v)]
        return bool(self._cas(keys=[self._job(job_id)], args=args))

    def beat_worker(self, worker_id: str, info: dict[str, Any]) -> None:
        self.client.hset(f"{self.ns}:workers", worker_id, json.dumps(info))

    def workers(self) -> list[dict[str, Any]]:
        raw = self.client.hgetall(f"{self.ns}:workers")
        return [json.loads(v) for v in raw.values()]

    def drop_worker(self, worker_id: str) -> None:
        self.client.hdel(f"{self.ns}:workers", worker_id)
