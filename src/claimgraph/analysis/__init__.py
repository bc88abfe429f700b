"""Pure, I/O-free analysis algorithms over claim graphs.

:mod:`claimgraph.analysis.dung` implements Dung-style abstract argumentation
(grounded, complete, preferred and stable semantics).
"""
