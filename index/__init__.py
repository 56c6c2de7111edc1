"""Whoosh index of Article records: schema, ingest, query, facets.

Not built yet (see the index issue). It reads records from kbparse and knows no UI.
"""
