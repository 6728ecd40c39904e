"""The W3C Entity Reconciliation API (0.2) over the register's search, pure.

Queries in (parsed and checked), scored candidates, manifests, previews and data
extension out. The service runs the searches; ``api/`` mounts ``/reconcile``.
"""
