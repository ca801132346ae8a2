"""Rules for the text of curated tables that a pattern cannot state (Python's re has no Unicode categories):

- no control or format character (Unicode Cc, Cf: NUL, a zero-width space, a right-to-left override...), which
  would make two cells that look the same differ, or make a cell display as something else;
- no word that mixes letters of two scripts (ResNеt-50 with a Cyrillic е looks like ResNet-50 and is not);
- primary keys, and fields whose constraints say "unique", unique once case and Unicode compatibility forms are
  ignored (NFKC and case folding): `tesla v100` beside `Tesla V100` is the same GPU twice;
- display names (the fields a schema lists in "x-display-names") may repeat, but two that differ only in case or Unicode
  compatibility forms are refused: `ＲｅｓＮｅｔ-50` (full-width) beside `ResNet-50` are two models a reader cannot tell apart.

An upstream snapshot (a publisher's file, byte-identical) is exempt: its text is whatever the publisher wrote.
Only cells with a character beyond ASCII are looked at letter by letter, so the cost stays that of a column scan."""
import re
import unicodedata

from .checks import shown
from .problems import Problem

ASCII_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # tabs and line breaks have their own message (the plain-text pattern)
_CONTROL = re.compile(ASCII_CONTROL)


def problems(resource, raw):
    """Problems of one curated table's text; `raw` is its cells as printed, indexed by line."""
    found = []
    for f in resource.fields:
        if f["type"] != "string":
            continue
        for line, cell in zip(raw.index.tolist(), raw[f["name"]].tolist()):  # a Python loop: one pass over short columns
            if not cell.isascii() or _CONTROL.search(cell):
                message = _letter_problem(cell)
                if message:
                    found.append(Problem(resource.path, line, f["name"], f'"{shown(_visible(cell))}" {message}'))
    return found + _lookalike_keys(resource, raw)


def _letter_problem(text):
    for c in text:
        if unicodedata.category(c) in ("Cc", "Cf") and c not in "\t\r\n":
            return f"contains the invisible character U+{ord(c):04X} ({unicodedata.name(c, 'a control character')}); remove it"
    for word in text.split():
        letters = [c for c in word if c.isalpha()]
        odd = [c for c in letters if _script(c) != _script(letters[0])]
        if odd:
            return (f'mixes letters of two scripts in "{word}": {odd[0]} is U+{ord(odd[0]):04X} '
                    f"({unicodedata.name(odd[0], '?')}); a look-alike letter?")
    return None


def _script(letter):
    """The script of a letter, as its Unicode name says (LATIN, CYRILLIC, GREEK...; full-width Latin is Latin)."""
    words = unicodedata.name(letter, "?").split(" ")
    return words[1] if words[0] in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1 else words[0]


def _visible(text):
    """Text with every control and format character written as \\uXXXX, so that a message shows what is there."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") and c not in "\t\r\n" else c for c in text)


def _lookalike_keys(resource, raw):
    keys = [resource.primary_key] if resource.primary_key else []
    keys += [[f["name"]] for f in resource.fields if f.get("constraints", {}).get("unique") and [f["name"]] != resource.primary_key]
    names = [[name] for name in resource.schema.get("x-display-names", []) if [name] not in keys]
    found = []
    for key in keys + names:
        if not any(resource.field(k)["type"] == "string" for k in key):
            continue
        printed = raw[key[0]].str.cat([raw[k] for k in key[1:]], sep="|") if len(key) > 1 else raw[key[0]]
        folded = printed.str.normalize("NFKC").str.casefold()
        first = {}
        for line, value in folded[folded.duplicated(keep=False)].items():
            if value not in first:
                first[value] = line
            elif printed[line] != printed[first[value]] or not (key == resource.primary_key or key in names):
                # an exact key repeat is reported already; a display name may repeat exactly, not as a look-alike
                found.append(Problem(resource.path, line, key[0],
                                     f'"{shown(printed[line])}" is the same {"|".join(key)} as "{shown(printed[first[value]])}" on line '
                                     f"{first[value]} once case and Unicode compatibility forms are ignored; use one spelling"))
    return found
