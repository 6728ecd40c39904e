"""Migration from legacy platforms (BARE, the subject module): read, clean, map, write.

Loaders write only through ``authority.service``; the pipeline and the sources
(``loaders/sources/``) arrive with the migration work.
"""
