"""Build hook: the top-level ``schema/`` folder goes into the wheel as package data.

Everything else is in ``pyproject.toml``. ``schema/`` (JSON Schema, JSON-LD context,
OpenSearch mapping) stays at the top of the repository, where other tools read it;
the installed package finds it at ``authority/schema/`` (``authority/schema_files.py``).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SCHEMA = "schema"
PACKAGED = ("authority", "schema")


class BuildPy(build_py):
    """``build_py`` that also copies ``schema/`` into the built package."""

    def run(self) -> None:
        """Build the packages, then add ``schema/`` (editable installs read it)."""
        super().run()
        if not self.editable_mode:
            self.copy_tree(SCHEMA, str(Path(self.build_lib, *PACKAGED)))


setup(cmdclass={"build_py": BuildPy})
