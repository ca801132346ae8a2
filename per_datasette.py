"""What the site's plugins work out once per running Datasette (its database, metadata and files never change while it
runs): kept here, by Datasette object, rather than as attributes of Datasette's own object."""
import weakref

_KEPT = weakref.WeakKeyDictionary()


def kept(datasette):
    """The dict in which the plugins keep what they worked out for this Datasette: {name: value}."""
    return _KEPT.setdefault(datasette, {})
