"""`facts serve`, `facts --help` and the site start without loading the build (issue 28: the
server ready within 2 s of a rebuild): the packages ``diplofacts.loaders`` and
``diplofacts.schema`` load the names they export on first use, and the CLI imports what each
command runs when it runs. The lists of exported names are written twice in each package (for
type checkers, and for loading): these tests hold the two equal."""
from __future__ import annotations

import ast
import importlib
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_cli_and_the_site_start_without_the_build_the_drafter_or_sqlite_utils():
    heavy = ["spacy"] + ([] if _datasette_requires("sqlite-utils") else ["sqlite_utils"])  # Datasette 1.0 does
    shown = subprocess.run(
        [sys.executable, "-c", "import sys, diplofacts.cli, datasette.app\n"
         f"print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}"
         " or m.startswith(('diplofacts.loaders.build', 'diplofacts.loaders.check', 'diplofacts.loaders.draft')))))"],
        capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == ""


def _datasette_requires(name: str) -> bool:
    return any(re.match(rf"{name}\b", requirement) for requirement in importlib.metadata.requires("datasette") or [])


@pytest.mark.parametrize("package, folder", [("diplofacts.loaders", "loaders"), ("diplofacts.schema", "schema")])
def test_the_names_a_package_exports_are_declared_alike_for_type_checkers_and_for_loading(package, folder):
    tree = ast.parse((ROOT / folder / "__init__.py").read_text(encoding="utf-8"))
    typed = {alias.name: node.module for block in tree.body if isinstance(block, ast.If)
             for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    module = importlib.import_module(package)
    assert typed == module._MODULE_OF
    assert module.__all__ == sorted(typed)
    for name, where in typed.items():
        assert getattr(module, name) is getattr(importlib.import_module(f"{package}.{where}"), name)


def test_a_name_shared_with_a_module_stays_the_function_once_that_module_is_imported():
    shown = subprocess.run(
        [sys.executable, "-c", "import diplofacts.loaders.check, diplofacts.loaders.lint, diplofacts.loaders.build\n"
         "from diplofacts.loaders import build, check, lint, seedsdigest\n"
         "print(type(build).__name__, type(check).__name__, type(lint).__name__, type(seedsdigest).__name__)"],
        capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["function", "function", "function", "module"]


def test_an_unknown_name_is_an_attribute_error():
    import diplofacts.loaders
    import diplofacts.schema
    with pytest.raises(AttributeError, match="module 'diplofacts.loaders' has no attribute 'buld'"):
        diplofacts.loaders.buld  # noqa: B018
    with pytest.raises(AttributeError, match="module 'diplofacts.schema' has no attribute 'Meting'"):
        diplofacts.schema.Meting  # noqa: B018
