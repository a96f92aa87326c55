from .readme import README, render


def test_readme_generated_sections_are_current():
    text = README.read_text()
    assert text == render(text), "run: .venv/bin/python -m tests.readme"
