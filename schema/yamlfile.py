"""Configuration read as plain YAML: the files of site/ come from pull requests (and the metadata from them), so an anchor or alias
(`&a`, `*a`, the building blocks of a "billion laughs" that expands a few lines into gigabytes) is refused at its line,
as is YAML that does not parse. Without aliases, what a file holds is no larger than the file."""
import yaml


_REFUSED = object()


def _with_libyaml(text):
    """The document as libyaml parses it (ten times faster than PyYAML's own parser: site/ is some 9,000 nodes), when its
    events hold no anchor or alias and it loads as one document; otherwise _REFUSED, and the file is read again by the
    Python loader below, whose messages are the ones a contributor sees."""
    if not getattr(yaml, "__with_libyaml__", False):
        return _REFUSED
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return _REFUSED
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return _REFUSED


class YamlProblem(Exception):
    """PATH:LINE: message, for a contributor."""


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
            raise YamlProblem(f"{self.name}:{event.start_mark.line + 1}: YAML {kind}{event.anchor} is not allowed "
                              "(anchors and aliases can expand a small file without bound); write the value out")
        return super().compose_node(parent, index)


def load(path, shown=None):
    """The YAML document in PATH (shown in messages as SHOWN), refusing anchors and aliases; YamlProblem if not."""
    text = path.read_text(encoding="utf-8")
    fast = _with_libyaml(text)
    if fast is not _REFUSED:
        return fast
    loader = _NoAliasLoader(text)
    loader.name = shown or str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlProblem(f"{loader.name}:{mark.line + 1 if mark else 0}: {e.problem or e}") from None
    finally:
        loader.dispose()
