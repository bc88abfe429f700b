"""SPARQL: the checked query text, the engines, the query library, results, QC checks."""
