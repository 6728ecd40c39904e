"""Domain -> Dublin Core: an authority as ``oai_dc`` (OAI-PMH) and SRU's ``dc``.

Pure over the domain, and public only: what an anonymous reader may see.
"""

from authority.dc.write import DC, OAI_DC, to_dc

__all__ = ["DC", "OAI_DC", "to_dc"]
