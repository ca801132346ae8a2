"""Configuration from a pull request is untrusted: a "billion laughs" (YAML anchors and aliases expanding a few lines
into gigabytes) in site/site.yml or metadata.yml is refused at its line, by the generator and by the server, instead
of hanging them; YAML that does not parse is reported at its line too."""
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT, copy_project

LAUGHS = ('  lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
          + "".join(f'  lol{i}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, '
                    f'*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n'
                    for i in range(8)))


def _site_copy(tmp_path, edit):
    root = copy_project(tmp_path)
    shutil.copytree(ROOT / "site", root / "site")
    path = root / "site" / "site.yml"
    text = path.read_text(encoding="utf-8")
    assert "\nhome:\n" in text
    path.write_text(edit(text), encoding="utf-8")
    return root, text[:text.index("\nhome:\n")].count("\n") + 2  # the line of `home:`


def _generate(root):
    return subprocess.run([sys.executable, "-m", "schema.metadata"], cwd=root, capture_output=True, text=True,
                          timeout=60)


def test_a_billion_laughs_in_site_yml_is_refused_at_its_line(tmp_path):
    root, home = _site_copy(tmp_path, lambda text: text.replace("\nhome:\n", "\nhome:\n" + LAUGHS, 1))
    result = _generate(root)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"site/site.yml:{home + 1}: YAML anchor &a is not allowed (anchors and "
                                          "aliases can expand a small file without bound); write the value out"]


def test_an_alias_alone_is_refused_too(tmp_path):
    root, home = _site_copy(tmp_path, lambda text: text.replace("\nhome:\n", "\nhome:\n  copy: *nowhere\n", 1))
    result = _generate(root)
    assert result.returncode == 1
    assert result.stderr.startswith(f"site/site.yml:{home + 1}: YAML alias *nowhere is not allowed"), result.stderr


def test_yaml_that_does_not_parse_is_reported_at_its_line(tmp_path):
    root, home = _site_copy(tmp_path, lambda text: text.replace("\nhome:\n", "\nhome:\n  a: [unclosed\n", 1))
    result = _generate(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("site/site.yml:"), result.stderr


def test_the_server_refuses_metadata_with_aliases_at_its_line(built_db, tmp_path):
    sys.path.insert(0, str(ROOT))
    from serve import datasette

    crafted = tmp_path / "metadata.yml"
    crafted.write_text((ROOT / "metadata.yml").read_text(encoding="utf-8") + "extra:\n" + LAUGHS, encoding="utf-8")
    line = crafted.read_text(encoding="utf-8").count("\n") - LAUGHS.count("\n") + 1
    with pytest.raises(SystemExit) as stopped:
        datasette(built_db, crafted)
    assert str(stopped.value).startswith(f"serve.py: {crafted}:{line}: YAML anchor &a is not allowed")
