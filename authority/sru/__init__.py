"""SRU 1.1, 1.2 and 2.0 (explain, searchRetrieve, scan) over the register.

A protocol package: parameters in, an XML document out, no web framework inside.
CQL is parsed by cql-parser and translated into the search layer's SearchQuery
(``cql.py``), so both search backends answer it alike.
"""

from authority.sru.protocol import Deployment, answer
from authority.sru.schemas import Rendering

__all__ = ["Deployment", "Rendering", "answer"]
