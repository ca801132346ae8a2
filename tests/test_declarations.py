"""What a relation needs besides its SQL or CSV: a place on the home page."""
import yaml

from tests.helpers import ROOT


def test_every_relation_is_in_a_home_page_group(db):
    """plugins/pages.py lists only the groups of site.yml: a relation in none would be hidden from the home page."""
    site = yaml.safe_load((ROOT / "site" / "site.yml").read_text(encoding="utf-8"))
    grouped = {entry.partition("?")[0] for group in site["home"]["groups"] for entry in group["relations"]}
    relations = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")}
    assert sorted(relations - grouped) == [], "add these relations to a group under home: groups: in site/site.yml"
