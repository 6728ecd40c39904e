"""The SPARQL endpoint's RDF store: the register's public graph, derived.

Like the search index it is rebuilt from the database, kept current from the change
log by one writer, and checked against the database. Only this package opens the
store (pyoxigraph); the service feeds it, ``api/`` queries it.
"""
