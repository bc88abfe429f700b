"""A corpus: its files, their parsing and checks, source texts, the persistent store."""
