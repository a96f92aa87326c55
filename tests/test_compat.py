"""Datasette 0.65 and 1.0 differ behind one door: datasette_diplofacts/compat.py. No other module
of the plugin imports Datasette's views, facets or app internals, implements a hook only one
version has, or calls an API whose signature differs; no template names the query page's
variable that 1.0 renamed. The suite runs on both (``make test-datasette-1``)."""
import ast
import asyncio
import re
from pathlib import Path
from types import SimpleNamespace

from datasette.app import Datasette
from datasette.utils.asgi import Request

import datasette_diplofacts
from datasette_diplofacts import compat

PLUGIN = Path(datasette_diplofacts.__file__).parent
COMPAT = PLUGIN / "compat.py"

# what the rest of the plugin may import from Datasette: the same in 0.65 and 1.0
SHARED_MODULES = {"datasette", "datasette.utils", "datasette.utils.asgi"}
# hooks that 0.65 has and 1.0 dropped (metadata and canned queries live elsewhere in 1.0)
VERSIONED_HOOKS = {"get_metadata", "canned_queries"}
# Datasette methods that exist in one version only, or take other arguments in the other
VERSIONED_CALLS = {"metadata", "permission_allowed", "expand_foreign_keys", "add_query", "allowed",
                   "get_instance_metadata", "get_database_metadata", "get_resource_metadata",
                   "set_instance_metadata", "set_database_metadata", "set_resource_metadata",
                   "set_column_metadata", "table_config", "database_query"}


def plugin_modules():
    return sorted(p for p in PLUGIN.rglob("*.py") if p != COMPAT)


def test_only_compat_imports_datasette_internals():
    imported = set()
    for path in plugin_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            imported |= {(path.relative_to(PLUGIN).as_posix(), name) for name in names
                         if name == "datasette" or name.startswith("datasette.")}
    assert {(path, name) for path, name in imported if name not in SHARED_MODULES} == set()


def test_only_compat_implements_or_calls_what_differs():
    found = []
    for path in plugin_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in VERSIONED_HOOKS:
                found.append((path.name, "def " + node.name))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in VERSIONED_CALLS:
                found.append((path.name, "." + node.func.attr + "()"))
    assert found == []


def test_templates_do_not_name_the_renamed_query_variable():
    named = [path.name for path in (PLUGIN / "templates").rglob("*.html")
             if re.search(r"\b(canned_query|stored_query)\b", path.read_text())]
    assert named == []


def test_the_0_65_hooks_are_the_plugins():
    for hook in VERSIONED_HOOKS:
        assert getattr(datasette_diplofacts, hook) is getattr(compat, hook)


def test_table_settings_are_metadata_in_0_65_and_configuration_in_1_0():
    metadata = {"title": "T", "databases": {"facts": {"tables": {"entities": {"description": "Who"}}}}}
    configuration = {"databases": {"facts": {"tables": {"entities": {"label_column": "name", "sort": "name"}}}}}
    assert compat._with_configuration(metadata, configuration)["databases"]["facts"]["tables"]["entities"] == {
        "description": "Who", "label_column": "name", "sort": "name"}
    assert "label_column" not in metadata["databases"]["facts"]["tables"]["entities"]  # not changed in place
    # a user's own configuration wins over the plugin's, key by key
    ds = SimpleNamespace(config={"databases": {"facts": {"tables": {"entities": {"sort": "id"}}}}})
    compat._add_configuration(ds, configuration)
    assert ds.config["databases"]["facts"]["tables"]["entities"] == {"label_column": "name", "sort": "id"}


def test_the_query_name_and_the_sql_address_on_this_datasette():
    request = Request.fake("/facts/a~2Eb", url_vars={"database": "facts", "table": "a~2Eb"})
    assert compat.stored_query_name(request) == "a.b"
    assert compat.stored_query_name(Request.fake("/facts/-/query?sql=select+1", url_vars={"database": "facts"})) is None
    ds = Datasette(memory=True)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(ds.invoke_startup())
        url = compat.sql_url(ds, "_memory", "select 1 as one", {})
        response = loop.run_until_complete(ds.client.get(url))
        allowed = loop.run_until_complete(compat.may_execute_sql(ds, None, "_memory"))
    finally:
        loop.close()
    assert response.status_code == 200 and "one" in response.text  # the address runs the SQL, no redirect
    assert allowed
