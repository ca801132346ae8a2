"""`-- include: NAME` in SQL, for the canned queries (site/queries/fragments/) and the derive files (derive/fragments/):
the line is replaced by the fragment NAME, each of its lines indented as the include line is, so that SQL that several
queries or relations share is written once."""
import re

INCLUDE = re.compile(r"^([ \t]*)-- include: (\w+)[ \t]*$")


def expanded(text, fragments, missing):
    """(line, text) of each line of TEXT with its includes expanded; a fragment's lines carry the line of the include
    (where an error in them is reported). missing(line, name) is called for a fragment FRAGMENTS lacks."""
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        match = INCLUDE.match(line.rstrip("\r\n"))
        if not match:
            out.append((number, line))
            continue
        indent, name = match.groups()
        if name not in fragments:
            missing(number, name)
        lines = fragments[name].splitlines(keepends=True)
        if line.endswith("\n") and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        out += [(number, indent + text if text.strip("\r\n") else text) for text in lines]
    return out
