"""BARE's native REST JSON (``authorities/v2/<scn>``) <-> the entity model.

A format mapper like ``marc/``: ``read`` maps one record in (:func:`from_bare_json`),
``write`` gives one out (:func:`to_bare_json`, and what BARE JSON carries of an
authority, ``CARRIED``), ``envelope`` holds the names both directions share
(``authorityType``, dates).
"""
