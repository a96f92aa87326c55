"""The generated docs: the README's generated sections and the JSON Schemas of the seeds
files under schema/json/. `python -m tests.readme` rewrites them all."""
import re
from pathlib import Path

from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.schema.docs import schema_markdown
from diplofacts.schema.jsonschemas import FILES, json_schema_text, schema_file

README = Path(__file__).parent.parent / "README.md"
JSON_SCHEMAS = {schema_file(name): name for name in FILES}


def help_markdown() -> str:
    out = []
    for args in ([], *([name] for name in cli.commands)):  # every command, in the order declared
        result = CliRunner().invoke(cli, [*args, "--help"], prog_name="facts", terminal_width=100)
        out.append(f"```\n$ facts {' '.join(args + ['--help'])}\n{result.output}```\n")
    return "\n".join(out)


def sections() -> dict[str, str]:
    return {"help": help_markdown(), "schema": schema_markdown()}


def render(text: str) -> str:
    for name, body in sections().items():
        text = re.sub(
            rf"<!-- {name}:start -->\n.*?<!-- {name}:end -->",
            lambda _, name=name, body=body: f"<!-- {name}:start -->\n{body}<!-- {name}:end -->", text, flags=re.S,
        )
    return text


if __name__ == "__main__":
    README.write_text(render(README.read_text()))
    for path, name in JSON_SCHEMAS.items():
        path.write_text(json_schema_text(name))
