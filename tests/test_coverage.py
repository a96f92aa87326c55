"""facts coverage: what the facts cite of each source, and what they do not yet."""
import shutil

from .conftest import FIXTURE_SEEDS
from .test_draft import GENEVA, in_folder


def test_a_new_source_shows_every_gap_with_its_line(tmp_path):
    shutil.copytree(FIXTURE_SEEDS, tmp_path / "seeds")
    assert in_folder(tmp_path, "add-source", str(GENEVA), "--published", "2021-06-09").exit_code == 0
    result = in_folder(tmp_path, "coverage")
    assert (result.exit_code, result.output) == (0, (
        "leaders-meet-in-geneva (seeds/sources/geneva.txt): 0% of the text cited\n"
        "  seeds/sources/geneva.txt:2: quoted, no quote row: \u201cWe will keep talking\u201d\n"
        "  seeds/sources/geneva.txt:2: quoted, no quote row: \u201cfrank and useful\u201d\n"
        "  seeds/sources/geneva.txt:3: quoted, no quote row: \u201cWe stand ready to help\u201d\n"
        "  seeds/sources/geneva.txt:2: names alpha, beta, no citation: President Alpha met Prime Minister Beta in Geneva on Wednesday.\n"
        "  seeds/sources/geneva.txt:2: names alpha, no citation: Alpha said: \"We will keep talking.\"\n"
        "  seeds/sources/geneva.txt:2: names beta, no citation: Beta told reporters the talks were \u201cfrank and useful\u201d.\n"
        "  seeds/sources/geneva.txt:3: names alpha, no citation: Alpha repeated: \u201cWe stand ready to help.\u201d\n"
        "\n"
        "source                  cited  quoted, no row  uncited sentences naming entities\n"
        "alpha-beta-call           58%               0                                  0\n"
        "leaders-meet-in-geneva     0%               3                                  4\n"
        "second-report             70%               0                                  0\n"
        "all 3 sources             31%               3                                  4\n"))
    one = in_folder(tmp_path, "coverage", "second-report")
    assert one.output.splitlines()[-1] == "all 1 source     70%               0                                  0"
    assert in_folder(tmp_path, "coverage", "nope").stderr == "error: no source 'nope'\n"
