"""claimgraph: a claim-and-rebuttal knowledge graph."""

__version__ = "0.1.0"
