"""The knowledge base's data layer: typed schema, loading with clear errors, table rendering, search.

Plain functions with no MkDocs state, so tests (and a later move off MkDocs) can call them directly;
kb.build alone adapts them to MkDocs (errors, page language).
"""
