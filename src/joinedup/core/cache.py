"""The database cache with an atomic increment, so rate-limit counters shared by several processes stay exact.

Django's DatabaseCache increments by reading the value and setting it again: two processes can both read 7 and
both write 8, and the set also moves the entry's expiry (a counter for an hour-long window would live on). Here
the read and the write happen in one transaction that holds the row (SELECT ... FOR UPDATE on PostgreSQL; on
SQLite the write lock this project's IMMEDIATE transactions take when they begin), and only the value changes.
"""

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
        cache_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            if connection.features.has_select_for_update:
                cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE", [cache_key])
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key {key!r} not found")
            new_value = int(value) + delta
            pickled = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [pickled, cache_key])
        return new_value
