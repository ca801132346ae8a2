"""Configuration from a pull request is untrusted: a "billion laughs" (YAML anchors and aliases expanding a few lines
into gigabytes) in site/ or the generated metadata is refused at its line, by the generator and by the server, instead
of hanging them; YAML that does not parse is reported at its line too."""
import subprocess
import sys

import pytest

from schema.metadata import dump, generate
from tests.helpers import ROOT, copy_project

LAUGHS = ('  lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
          + "".join(f'  lol{i}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, '
                    f'*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n'
                    for i in range(8)))


def _site_copy(tmp_path, edit):
    """A copy of the project whose site/home.yml (the home page's configuration) starts with a key `home:` holding
    edit('') (LAUGHS or an alias), then its own text; and the line of that key."""
    root = copy_project(tmp_path)
    path = root / "site" / "home.yml"
    path.write_text("home:\n" + edit("") + path.read_text(encoding="utf-8"), encoding="utf-8")
    return root, 1


def _generate(root):
    return subprocess.run([sys.executable, "-m", "schema.metadata"], cwd=root, capture_output=True, text=True,
                          timeout=60)


def test_a_billion_laughs_in_site_yml_is_refused_at_its_line(tmp_path):
    root, home = _site_copy(tmp_path, lambda text: LAUGHS)
    result = _generate(root)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"site/home.yml:{home + 1}: YAML anchor &a is not allowed (anchors and "
                                          "aliases can expand a small file without bound); write the value out"]


def test_an_alias_alone_is_refused_too(tmp_path):
    root, home = _site_copy(tmp_path, lambda text: "  copy: *nowhere\n")
    result = _generate(root)
    assert result.returncode == 1
    assert result.stderr.startswith(f"site/home.yml:{home + 1}: YAML alias *nowhere is not allowed"), result.stderr


def test_yaml_that_does_not_parse_is_reported_at_its_line(tmp_path):
    root, home = _site_copy(tmp_path, lambda text: "  a: [unclosed\n")
    result = _generate(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("site/home.yml:"), result.stderr


def test_the_server_refuses_metadata_with_aliases_at_its_line(built_db, tmp_path):
    sys.path.insert(0, str(ROOT))
    from serve import datasette

    crafted = tmp_path / "metadata.yml"
    crafted.write_text(dump(generate()) + "extra:\n" + LAUGHS, encoding="utf-8")
    line = crafted.read_text(encoding="utf-8").count("\n") - LAUGHS.count("\n") + 1
    with pytest.raises(SystemExit) as stopped:
        datasette(built_db, crafted)
    assert str(stopped.value).startswith(f"serve.py: {crafted}:{line}: YAML anchor &a is not allowed")
