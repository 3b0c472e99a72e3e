"""Django's SQLite backend with the wait for the write lock done in Python (see base.py)."""
