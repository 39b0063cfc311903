"""Simpul: Satu Data, Evaluasi SPBE and Pantau for Indonesian regional governments."""

import os

# Polars' allocator (jemalloc) keeps freed pages for later by default, so one large upload left the
# process holding ~200 MB it no longer used. Returning them at once costs about 5% of ingest time and keeps
# a 1,000,000-row ingest under 600 MB (docs/decisions/0003). Set before polars is first imported; an
# operator's own _RJEM_MALLOC_CONF wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
