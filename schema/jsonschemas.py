"""JSON Schemas of the seeds files, generated from the models, for editors that validate YAML
as the curator types (``# yaml-language-server: $schema=…`` at the top of a seeds file).

They are committed under ``schema/json/`` and a test fails when they differ from what the
models generate. They check shape, names and formats; the build checks the rest (excerpts
found in their sources, references across files, event codes against the crosswalk)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, create_model

from .base import Record
from .entities import Entity
from .history import Revision
from .kinds import RECORD_KINDS
from .sources import Source

BASE = "https://diplofacts.invalid/schema/"  # an identifier only: nothing is fetched


def _file_model(name: str, sections: dict[str, type[BaseModel]], required: bool) -> type[BaseModel]:
    fields: dict[str, Any] = {s: (list[m], ...) if required else (list[m], []) for s, m in sections.items()}  # type: ignore[valid-type]
    return create_model(name, __base__=Record, __doc__=None, **fields)


FILES: dict[str, type[BaseModel]] = {
    "sources": _file_model("SourcesFile", {"sources": Source}, required=True),
    "entities": _file_model("EntitiesFile", {"entities": Entity}, required=True),
    "facts": _file_model("FactsFile", {k.section: k.model for k in RECORD_KINDS}, required=False),
    "history": Revision,  # one line of the JSON Lines file
}
DESCRIPTIONS = {
    "sources": "seeds/sources.yaml: the registry of source documents.",
    "entities": "seeds/entities.yaml: people, organizations, countries, places and formats.",
    "facts": "seeds/facts/*.yaml: facts in sections " + ", ".join(k.section for k in RECORD_KINDS) + ".",
    "history": "A line of seeds/history.jsonl: one revision of a fact (written by facts build).",
}


def json_schema(name: str) -> dict[str, Any]:
    schema = FILES[name].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{BASE}{name}.schema.json",
            **schema, "title": f"diplofacts {name} file", "description": DESCRIPTIONS[name]}


def json_schema_text(name: str) -> str:
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def schema_file(name: str) -> Path:
    """Where the committed schema of a seeds file lies (in the installed package too)."""
    return Path(__file__).resolve().parent / "json" / f"{name}.schema.json"
