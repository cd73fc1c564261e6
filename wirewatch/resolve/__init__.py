"""Cross-document resolution: copies, entities across articles, event clusters, force series.

Runs over the whole database after ingest (``wirewatch resolve``, and at the end of every
``wirewatch ingest`` that added articles). Every step is deterministic: the same database
gives the same copies, merges, clusters and ids.
"""
