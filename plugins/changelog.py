"""/-/changelog: the project's CHANGELOG, rendered as a page of the site, so that the home page's "see CHANGELOG.md"
is a link that opens (under /-/, the paths of Datasette's own pages: serving_limits.py refuses a path ending in .md as an
unknown format). Read and rendered once."""
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

from per_datasette import kept

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"


@hookimpl
def register_routes():
    return [(r"^/-/changelog$", changelog)]


async def changelog(datasette, request):
    site = kept(datasette)
    if "changelog" not in site:
        import markdown

        site["changelog"] = Markup(markdown.markdown(CHANGELOG.read_text(encoding="utf-8")))
    return Response.html(await datasette.render_template(
        "changelog.html", {"changelog": site["changelog"]}, request=request))
