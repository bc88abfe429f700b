"""claimgraph tests."""
