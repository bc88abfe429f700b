"""The read model that analysis and export share: facts, the graph index, counts."""
