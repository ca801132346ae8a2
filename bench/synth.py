"""Synthetic data at N times the current row counts, derived from the real rows with jitter, for the benchmarks.

    python bench/synth.py 100 bench/out/x100      # a copy of the project with data/ at ×100

Copy j (1 … N−1) of every row gets new keys (identifiers suffixed "-cJ", names suffixed " #J"), and every foreign key
of the copy points at the copy of the row it pointed at, so every key and foreign key stays valid. Numbers are
jittered by up to ±10 % (kept to the printed decimals, and left as they were where the jitter would leave the
schema's constraints or x-plausible range); dates move back by up to 180 days (never into the future); years, enums,
benchmark keys and text stay as they are. Deterministic: the same scale and seed give byte-identical files.

What the build checks across rows stays true:
- published_* values are blanked on jittered copies where optional, and recomputed (with enough digits) where
  required (published_speedups via derive/hardware/mixed_precision_speedups.sql itself, flops_scaling_estimates via Eq. H.1);
- rows that data/known_errata.csv lists are copied unjittered, with their inputs (for a card total: its card's training
  runs), and so are their errata: every erratum copy points at an existing row and still disagrees;
- a GPU's TDP, launch date and type are jittered once per GPU copy, so all its precision rows agree;
- inference_throughput copies keep the benchmark (domain, model, framework, batch size) and move to the copied GPU,
  so every TF32/Mixed run still has an FP32 run to compare with, and the A100 copies still fall back to the V100;
- efficiency_fit_points copies go to one extra fit per domain (FIT-synthetic), so the paper's fits never move and the
  number of fits (and so of forward_pass_energy rows per model) stays the same at every scale.
"""
import csv
import datetime as dt
import io
import random
import shutil
import sqlite3
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from schema.package import load  # noqa: E402

PROJECT_FILES = ["build.py", "shared_sql.py", "datapackage.json", "data", "schema", "derive", "site"]  # what build.py reads (tests/helpers.py)
ID, NAME, SNAKE_ID, SAME = "id", "name", "snake-id", "same"
# (resource, column) -> how a copy renames it; foreign keys follow the column they reference.
RENAME = {
    ("sources", "source_id"): ID,
    ("cv_models", "model_id"): ID, ("cv_models", "model"): NAME,
    ("nlp_models", "model_id"): ID, ("nlp_models", "model"): NAME,
    ("gpu_specs", "gpu"): NAME,
    ("inference_throughput", "gpu_variant"): NAME,
    ("efficiency_fit_points", "fit_id"): "synthetic-fit",
    ("energy_measurements", "measurement_id"): ID, ("energy_measurements", "model"): NAME,
    ("energy_measurements", "system"): NAME,
    ("edge_accelerators", "device"): NAME,
    ("reference_energies", "reference_id"): ID,
    ("training_runs", "run_id"): ID, ("training_runs", "run"): NAME,
    ("training_runs", "card_id"): ID, ("training_run_totals", "card_id"): ID,  # copy j of a total sums copy j of its rows
    ("known_errata", "erratum_id"): ID,
    # the LLM snapshots name their models, and llm_model_links names them the same way: a copy links to copies
    ("mlenergy_llm_configurations", "model_id"): NAME, ("mlenergy_llm_configurations", "nickname"): NAME,
    ("mlenergy_diffusion_configurations", "model_id"): NAME, ("mlenergy_diffusion_configurations", "nickname"): NAME,
    ("mlperf_inference_power", "Model"): NAME,
    ("llm_request_lengths", "task"): ID,  # issue 17: a task's copies stay one row each
    # issue 18: a benchmark's name is snake case; a link to Epoch's table cites that table, whichever copy it links
    ("mlperf_training_benchmark_sizes", "benchmark"): SNAKE_ID, ("training_run_epoch_links", "source_id"): SAME,
    ("training_run_epoch_links", "epoch_model"): NAME,  # copy j of a run links copy j of its Epoch model
    # Epoch's clusters and data centres are named by their name and handle: copies get their own, timelines follow
    ("epoch_gpu_clusters", "Name"): NAME, ("epoch_data_centers", "Handle"): NAME,
    ("epoch_data_center_timelines", "Data center"): NAME,
    ("epoch_notable_models", "Model"): NAME, ("epoch_large_scale_models", "Model"): NAME,
    ("llm_model_links", "measured_model"): NAME, ("llm_model_links", "epoch_model"): NAME,
    # upstream grid intensity: copies get their own region keys, so that each region and period stays one row
    ("mlco2_impact_regions", "region"): ID,
    ("owid_carbon_intensity_electricity", "Entity"): NAME, ("owid_carbon_intensity_electricity", "Code"): ID,
    **{(f"ember_monthly_carbon_intensity_{k}", c): how for k in ("world", "europe", "us")
       for c, how in (("entity", NAME), ("entity_code", ID))},
}
KEEP = {  # numbers that are part of a key or a ratio's inputs: copied as they are
    ("inference_throughput", "batch_size"),
    ("flops_scaling_estimates", "base_depth"), ("flops_scaling_estimates", "target_depth"),
    ("flops_scaling_estimates", "base_width"), ("flops_scaling_estimates", "target_width"),
    ("flops_scaling_estimates", "base_resolution_px"), ("flops_scaling_estimates", "target_resolution_px"),
}
KEEP |= {  # a model's parameter counts are facts of the model, the same on each of its configurations
    ("mlenergy_llm_configurations", "total_params_billions"), ("mlenergy_llm_configurations", "activated_params_billions"),
}


def renamed(how, value, j):
    if value == "":
        return value
    if how == ID:
        return f"{value}-c{j}"
    if how == SNAKE_ID:
        return f"{value}_c{j}"
    if how == SAME:
        return value
    if how == NAME:
        return f"{value} #{j}"
    if how == "synthetic-fit":
        return f"{value}-synthetic"
    raise ValueError(how)


class Synth:
    def __init__(self, root, scale, seed=1):
        self.package = load(root)
        self.root = Path(root)
        self.scale = scale
        self.seed = seed
        self.res = {r.name: r for r in self.package.resources}
        self.text = {name: self._read(r) for name, r in self.res.items()}
        self.rules = self._rules()
        # rows that an erratum names: (relation, row_key) -> the published column
        self.errata_rows = {(e["relation"], e["row_key"]) for e in self.text.get("known_errata", ([], []))[1]}
        # a card total in errata is recomputed from its card's training runs: those are copied unjittered too
        totals = {r["total_id"]: r["card_id"] for r in self.text.get("training_run_totals", ([], []))[1]}
        self.errata_cards = {totals[key] for relation, key in self.errata_rows if relation == "training_run_totals"}

    def _read(self, res):
        with open(self.root / res.path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            return header, [dict(zip(header, row)) for row in reader]

    def _rules(self):
        """(resource, column) -> renaming rule, with every foreign key following the column it references."""
        rules = dict(RENAME)
        for res in self.package.resources:  # an upstream snapshot's rows are named by their key
            if res.upstream and len(res.primary_key) == 1:
                rules.setdefault((res.name, res.primary_key[0]), NAME)
        for res in self.package.resources:  # in datapackage.json order: referenced resources come first
            for field, ref, ref_field in res.foreign_keys:
                if (ref, ref_field) in rules and (res.name, field) not in RENAME:
                    rules[(res.name, field)] = rules[(ref, ref_field)]
            if res.primary_key and not any((res.name, k) in rules for k in res.primary_key):
                if len(res.primary_key) == 1 and res.field(res.primary_key[0])["type"] == "string":
                    rules[(res.name, res.primary_key[0])] = ID  # a resource added later: its single key gets suffixed
                else:
                    raise SystemExit(f"bench/synth.py: no rule to make the keys of {res.name} unique; add one to RENAME")
        return rules

    def row_key(self, res, row):
        return "|".join(row[k] for k in res.primary_key)

    # --- jitter -------------------------------------------------------------------------------------------------

    def _number(self, res, field, text, factor):
        if text == "" or (res.name, field["name"]) in KEEP:
            return text
        value = float(text) * factor
        if field["type"] in ("integer",):
            out = str(max(int(round(value)), 1 if float(text) >= 1 else 0))
        elif "e" in text.lower():
            digits = len(text.lower().partition("e")[0].partition(".")[2])
            out = f"{value:.{digits}e}"
        else:
            out = f"{value:.{len(text.partition('.')[2])}f}"
        return out if self._inside(field, float(out)) else text

    @staticmethod
    def _inside(field, value):
        c, p = field.get("constraints", {}), field.get("x-plausible", {})
        return not (("minimum" in c and value < c["minimum"]) or ("maximum" in c and value > c["maximum"])
                    or ("exclusiveMinimum" in c and value <= c["exclusiveMinimum"])
                    or ("minimum" in p and not isinstance(p["minimum"], str) and value < p["minimum"])
                    or ("maximum" in p and value > p["maximum"]))

    @staticmethod
    def _date(field, text, days):
        if text == "":
            return text
        moved = (dt.date.fromisoformat(text) - dt.timedelta(days=days)).isoformat()
        low = field.get("x-plausible", {}).get("minimum")
        return text if isinstance(low, str) and moved < low else moved

    def jittered(self, res, row, rng, facts=None):
        out = dict(row)
        for f in res.fields:
            name = f["name"]
            if name.startswith("published_") or (facts and name in facts):
                continue
            if f["type"] in ("number", "integer"):
                out[name] = self._number(res, f, row[name], rng.uniform(0.9, 1.1))
            elif f["type"] == "date":
                out[name] = self._date(f, row[name], rng.randint(0, 180))
        for name in facts or {}:
            out[name] = facts[name]
        return out

    # --- copies -------------------------------------------------------------------------------------------------

    def copy_row(self, res, row, j, rng, facts=None):
        """Copy j of a row: keys renamed, values jittered, optional published_* blanked; or, for a row an erratum
        names, an unjittered copy whose non-key foreign keys still point at the original rows (so that its
        recomputed value, and so the disagreement, stays the same)."""
        erratum = (res.name, self.row_key(res, row)) in self.errata_rows or (
            res.name == "training_runs" and row["card_id"] in self.errata_cards)
        out = dict(row, _erratum=True) if erratum else self.jittered(res, row, rng, facts)
        if erratum and facts:
            out.update({k: v for k, v in facts.items() if k != "tdp_watts"})
        fk_fields = {field for field, _, _ in res.foreign_keys}
        for f in res.fields:
            name = f["name"]
            how = self.rules.get((res.name, name))
            if how and (not erratum or name in res.primary_key or name not in fk_fields or name == "source_id"):
                out[name] = renamed(how, row[name], j)
            if name.startswith("published_") and not erratum and not f.get("constraints", {}).get("required"):
                out[name] = ""
        return out

    def copies(self, name):
        """Copies 1 … scale−1 of every row of a resource."""
        res = self.res[name]
        originals = self.text[name][1]
        out = []
        for j in range(1, self.scale):
            rng = random.Random(f"{self.seed}:{name}:{j}")
            if name == "gpu_specs":
                out += self._gpu_copies(res, originals, j, rng)
            elif name == "known_errata":
                out += [self._erratum_copy(row, j) for row in originals]
            else:
                out += [self.copy_row(res, row, j, rng) for row in originals]
        return out

    def _gpu_copies(self, res, originals, j, rng):
        facts = {}
        errata_gpus = {row["gpu"] for row in originals if (res.name, self.row_key(res, row)) in self.errata_rows}
        fields = {f["name"]: f for f in res.fields}
        for row in originals:
            if row["gpu"] not in facts:
                tdp = row["tdp_watts"] if row["gpu"] in errata_gpus else self._number(res, fields["tdp_watts"], row["tdp_watts"], rng.uniform(0.9, 1.1))
                facts[row["gpu"]] = {"tdp_watts": tdp, "launch_date": self._date(fields["launch_date"], row["launch_date"], rng.randint(0, 180)),
                                     "gpu_type": row["gpu_type"]}
        return [self.copy_row(res, row, j, rng, facts[row["gpu"]]) for row in originals]

    # --- required published values --------------------------------------------------------------------------------

    def fix_required_published(self, copies):
        """Recompute on the (jittered) copies the published_* values that a schema requires, so that they agree with
        the build's recomputation within the printed rounding."""
        for row in copies.get("flops_scaling_estimates", []):
            if row.get("_erratum"):
                continue
            def ratio(a, b):
                return float(row[a]) / float(row[b]) if row[a] and row[b] else 1.0
            v = float(row["base_gflops"]) * ratio("target_depth", "base_depth") * ratio("target_width", "base_width") ** 2 \
                * (float(row["target_resolution_px"]) / float(row["base_resolution_px"])) ** 2
            row["published_gflops"] = f"{v:.6f}"
        if copies.get("published_speedups"):
            speedups = self._speedups(self.text["inference_throughput"][1] + copies["inference_throughput"])
            for row in copies["published_speedups"]:
                s = speedups.get((row["domain"], row["gpu"], row["precision"]))
                if s is not None:
                    row["published_speedup"], row["baseline"] = f"{s[0]:.6f}", s[1]

    def _speedups(self, throughput_rows):
        """mixed_precision_speedups, computed by its own SQL (derive/) from the synthetic throughput rows."""
        res = self.res["inference_throughput"]
        types = {"number": "REAL", "integer": "INTEGER"}
        db = sqlite3.connect(":memory:")
        db.execute(f"CREATE TABLE inference_throughput ({', '.join(f['name'] + ' ' + types.get(f['type'], 'TEXT') for f in res.fields)})")
        names = res.field_names
        db.executemany(f"INSERT INTO inference_throughput VALUES ({', '.join('?' * len(names))})",
                       [[None if r[n] == "" else r[n] for n in names] for r in throughput_rows])
        db.execute("CREATE INDEX benchmark ON inference_throughput (precision, gpu, domain, model, framework, batch_size)")
        sql = next((self.root / "derive").glob("*/mixed_precision_speedups.sql"))  # a derive file is named for its relation
        db.executescript(sql.read_text(encoding="utf-8"))
        return {(d, g, p): (s, b) for d, g, p, s, b in db.execute(
            "SELECT domain, gpu, precision, speedup, baseline FROM mixed_precision_speedups")}

    def _erratum_copy(self, row, j):
        """Copy j of an erratum: it names copy j of its row, which copy_row left unjittered."""
        res = self.res[row["relation"]]
        values = dict(zip(res.primary_key, row["row_key"].split("|")))
        key = "|".join(renamed(self.rules[(res.name, k)], v, j) if (res.name, k) in self.rules else v for k, v in values.items())
        return {**row, "erratum_id": renamed(ID, row["erratum_id"], j), "row_key": key,
                "source_id": renamed(self.rules[("known_errata", "source_id")], row["source_id"], j)}

    # --- output ---------------------------------------------------------------------------------------------------

    def tables(self):
        copies = {name: self.copies(name) for name in self.res}
        self.fix_required_published(copies)
        return {name: self.text[name][1] + copies[name] for name in self.res}

    def write(self, dest):
        dest = Path(dest)
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for name in PROJECT_FILES:
            src = self.root / name
            if src.is_dir():
                shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, dest / name)
        counts = {}
        for name, rows in self.tables().items():
            header = self.text[name][0]
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(header)
            w.writerows([row[h] for h in header] for row in rows)
            (dest / self.res[name].path).write_text(buf.getvalue(), encoding="utf-8")
            counts[name] = len(rows)
        record_snapshots(dest)
        return counts


def record_snapshots(dest):
    """A synthetic upstream file is a new snapshot: its snapshot.json entry records its checksum and size."""
    from schema.package import load
    from schema.snapshots import record
    for res in load(dest).resources:
        if res.upstream is not None:
            record(dest, res.path)


def generate(scale, dest, root=ROOT, seed=1):
    """Write a copy of the project with data/ at `scale` times its row counts into dest; return {table: rows}."""
    return Synth(root, scale, seed).write(dest)


if __name__ == "__main__":
    scale, dest = int(sys.argv[1]), sys.argv[2]
    counts = generate(scale, dest)
    print(f"{dest}: {sum(counts.values())} rows ({', '.join(f'{k} {v}' for k, v in counts.items())})")
