"""RDF in and out: terms, formats, names, safe reading, serialisation, outputs."""
