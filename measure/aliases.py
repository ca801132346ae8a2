"""Which models the harness can build: data/cv_model_constructors.csv matched against data/cv_models.csv by model_id."""
import csv
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Matched:
    buildable: list   # constructor rows whose model_id is in cv_models, in the alias table's order
    unknown: list     # constructor rows naming a model_id that cv_models does not have
    unbuildable: list  # cv_models model_ids with no constructor row


def match(root=ROOT):
    models = [r["model_id"] for r in read_csv(Path(root) / "data" / "cv_models.csv")]
    aliases = read_csv(Path(root) / "data" / "cv_model_constructors.csv")
    known = set(models)
    aliased = {a["model_id"] for a in aliases}
    return Matched([a for a in aliases if a["model_id"] in known], [a for a in aliases if a["model_id"] not in known],
                   [m for m in models if m not in aliased])


def constructor_kwargs(alias):
    """The row's constructor_args as keyword arguments ({} when empty)."""
    text = alias.get("constructor_args") or ""
    args = json.loads(text) if text else {}
    if not isinstance(args, dict):
        raise ValueError(f"{alias['model_id']}: constructor_args must be a JSON object, not {text}")
    return args
