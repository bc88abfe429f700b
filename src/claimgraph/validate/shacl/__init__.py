"""A fast SHACL engine: the shapes compiled to SPARQL and run on Oxigraph.

It runs the subset of SHACL Core and SHACL-SPARQL that claimgraph's shapes use (see
:mod:`.shapes`) and gives results identical to pySHACL's, which stays the reference: the
tests run both. Shapes outside the subset raise :class:`UnsupportedShapesError`, and
:func:`claimgraph.validate.validation.validate_corpus` then hands the whole validation to pySHACL.
"""

from claimgraph.validate.shacl.compiler import Candidates, Check
from claimgraph.validate.shacl.engine import (
    CompiledShapes,
    compile_shapes,
    run_check,
    run_checks,
    run_checks_keyed,
)
from claimgraph.validate.shacl.errors import UnsupportedShapesError
from claimgraph.validate.shacl.report import SEVERITY_ORDER, ValidationReport, ValidationResult

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
