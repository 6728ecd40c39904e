"""The API's contracts: every query parameter and JSON body, declared once.

Pydantic v2 models, camelCase on the wire. The views read their parameters with
them (``query.parsed``: a bad value is a 400 problem in the register's words) and
build their bodies with them; the OpenAPI document (``api/openapi``) and
``schema/authority.schema.json`` (:mod:`.representation`) are generated from them.
By area: :mod:`.search`, :mod:`.cataloguing`, :mod:`.bare`, :mod:`.answers` (what
every route may answer), :mod:`.representation` (our JSON of an authority).

``python -m authority.api.contracts`` writes the published schema;
``--check`` says whether the committed file is what the model generates.
"""
