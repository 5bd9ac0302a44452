"""What a walk recorded, and where it is kept: the result model and its JSON files, the
SQLite history (an index over the files), merging shards, atomic writes.
"""
