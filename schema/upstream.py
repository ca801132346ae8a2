"""Upstream snapshots: third-party files kept byte-identical under data/upstream/<publisher>/<date>/.

The snapshot.json beside each file (schema/snapshots.py) records its `hash` ("sha256:...") and `bytes`, and its origin
(source_id, producer, where it was downloaded from, at which commit, when). Nothing in such a file is ever edited: a
newer snapshot replaces the file and its hash, and the build does the rest.
"""
import hashlib

from .problems import Problem
from .snapshots import sidecar_of

LINE_COLUMN = "upstream_line"  # added to each upstream table in the database: the line of the file a row starts on
LINE_DESCRIPTION = ("Line of the upstream file on which this row starts (line 1 is the header): the locator of every "
                    "value in the row.")


def snapshot_problems(resource, data):
    """The file must be the bytes its resource records: an upstream snapshot is replaced, never edited."""
    problems, sidecar = [], sidecar_of(resource.path)
    algorithm, _, recorded = resource.descriptor.get("hash", "").partition(":")
    if algorithm != "sha256" or not recorded:
        return [Problem(resource.path, 0, "", f'upstream snapshot has no "hash": "sha256:<hex>" in {sidecar}; '
                                              "record the checksum of the file as downloaded")]
    actual = hashlib.sha256(data).hexdigest()
    if actual != recorded:
        problems.append(Problem(resource.path, 0, "", f"sha256 is {actual}, not the {recorded} that {sidecar} records: "
                                                      "an upstream snapshot is never edited by hand; if this is a new "
                                                      "snapshot, record its sha256, bytes and provenance (see CONTRIBUTING.md)"))
    if resource.descriptor.get("bytes") not in (None, len(data)):
        problems.append(Problem(resource.path, 0, "", f"is {len(data)} bytes, not the {resource.descriptor['bytes']} that "
                                                      f"{sidecar} records"))
    return problems
