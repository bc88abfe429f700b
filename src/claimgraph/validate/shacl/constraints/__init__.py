"""The constraints the fast engine runs, one module per family, and the registry the shapes
reader and the compiler walk: each constraint is stated once, in its family's module."""

from __future__ import annotations

from claimgraph.validate.shacl.constraints import (
    cardinality,
    logical,
    other,
    property_pair,
    shape_based,
    string,
    value_range,
    value_type,
)
from claimgraph.validate.shacl.constraints.base import Context, Family, one_of, term

REGISTRY: dict[str, Family] = {
    family.parameter: family
    for module in (
        value_type,
        cardinality,
        value_range,
        string,
        property_pair,
        logical,
        shape_based,
        other,
    )
    for family in module.FAMILIES
}
"""Every constraint parameter the fast engine runs, by its local name in ``sh:``."""


def family(parameter: str) -> Family:
    """The family of a constraint parameter (its IRI or its local name)."""
    return REGISTRY[parameter.rsplit("#", 1)[-1]]


__all__ = ["REGISTRY", "Context", "Family", "family", "one_of", "term"]
