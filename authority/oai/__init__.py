"""OAI-PMH 2.0: requests in, documents out (no Flask objects inside).

``Provider.respond`` answers the six verbs and every error condition of the
specification as an OAI-PMH document; the view that mounts it passes the request's
arguments and writes the bytes. ``arguments`` checks a request, ``tokens`` reads and
writes resumption tokens, ``sets`` and ``formats`` are the tables of what can be
harvested, ``write`` builds the XML.
"""

from authority.oai.errors import OaiError
from authority.oai.provider import Deployment, Provider, Source

__all__ = ["Deployment", "OaiError", "Provider", "Source"]
