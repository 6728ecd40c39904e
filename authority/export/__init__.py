"""The export use case: the whole register (or one kind) in one format, streamed.

``job`` says what to write (:class:`~authority.export.job.ExportJob`, one frozen
description that ``authority export`` builds and everything below passes on),
``dump`` writes it record by record, ``parallel`` writes RDF with several processes,
``output`` is where it goes (a file renamed into place, gzipped or not, or standard
output).
"""
