"""Validation: the one place an engine is chosen, the fast SHACL engine, the cache."""
