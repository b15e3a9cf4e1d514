"""The migrations of accounts, spend and plans as released before issue 16, when the department
was spend's: `tests/test_migrations.py` builds a database with them and upgrades it."""
