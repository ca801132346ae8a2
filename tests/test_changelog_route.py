"""The home page's "see CHANGELOG.md" is a link, and /-/changelog serves the CHANGELOG as a page (plugins/changelog.py)."""
import re

import pytest

from tests.helpers import ROOT


@pytest.mark.asyncio
async def test_the_home_page_links_the_changelog_and_it_is_served(ds):
    home = (await ds.client.get("/")).text
    assert '<a href="/-/changelog">CHANGELOG.md</a>' in home
    page = await ds.client.get("/-/changelog")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    newest = re.search(r"^## (.+)$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE).group(1)
    assert f"<h2>{newest}</h2>" in page.text  # rendered from the markdown, in the site's own page
    assert 'href="/assets/site.css"' in page.text
