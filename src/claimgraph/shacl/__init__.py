"""A fast SHACL engine: the shapes compiled to SPARQL and run on Oxigraph.

It runs the subset of SHACL Core and SHACL-SPARQL that claimgraph's shapes use (see
:mod:`.shapes`) and gives results identical to pySHACL's, which stays the reference: the
tests run both. Shapes outside the subset raise :class:`UnsupportedShapesError`, and
:func:`claimgraph.validation.validate_corpus` then hands the whole validation to pySHACL.
"""

from .compiler import Candidates, Check
from .engine import CompiledShapes, compile_shapes, run_check, run_checks, run_checks_keyed
from .report import SEVERITY_ORDER, ValidationReport, ValidationResult
from .shapes import UnsupportedShapesError

__all__ = [
    "SEVERITY_ORDER",
    "Candidates",
    "Check",
    "CompiledShapes",
    "UnsupportedShapesError",
    "ValidationReport",
    "ValidationResult",
    "compile_shapes",
    "run_check",
    "run_checks",
    "run_checks_keyed",
]
