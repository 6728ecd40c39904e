"""Publishing for harvesters and data users: the change feed, pure.

ActivityStreams pages over the change log (the IIIF Change Discovery API's shape),
its JSON-lines and Atom views: change-log entries in, documents out. The service
reads the log; ``api/`` mounts the views. Dumps are written by ``authority dump``
(``export/``), the VoID/DCAT description by ``linkeddata/``.
"""
