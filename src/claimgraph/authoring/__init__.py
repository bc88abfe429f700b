"""Authoring: a concise YAML format for one document's claims, and its compiler to TriG.

A person writes one authoring file beside a source text (see ``docs/authoring.md``); the
compiler turns it into the document's TriG (IRIs, anchors with offsets, prefix and suffix,
the document header with its checksum), pointing every error at a line of the authoring file.
"""
