"""The one error of the fast SHACL engine: the shapes need pySHACL."""

from __future__ import annotations


class UnsupportedShapesError(Exception):
    """The shapes use something the fast engine does not run; pySHACL must."""
