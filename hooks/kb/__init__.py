"""The knowledge base's data layer: typed schema, loading with clear errors, and table rendering.

Plain functions with no MkDocs state, so tests (and a later move off MkDocs) can call them directly.
"""
