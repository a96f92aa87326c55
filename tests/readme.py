"""The generated sections of the README: `python -m tests.readme` rewrites them."""
import re
from pathlib import Path

from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.schema.docs import schema_markdown

README = Path(__file__).parent.parent / "README.md"


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
