"""The dashboards' filters answer (static/dashboard-filters.js): ISO date inputs, a bad filter value refused with a
message, an empty result drawn as a sentence. Loaded on the pages of datasette-dashboards only."""
from datasette import hookimpl


@hookimpl
def extra_js_urls(request):
    if request is not None and request.path.startswith("/-/dashboards/"):
        return ["/assets/dashboard-filters.js"]
    return []
