"""Reduce an MLPerf Inference summary_results.json to its rows with a power result, as a CSV.

MLCommons' summary_results.json of a round holds every result (1,448 rows, 2.2 MB for v5.1); the dataset needs only
the rows measured with a power analyzer (`has_power` true). This script keeps those rows and every key they carry, in
the order the keys first appear, with each value unchanged: a string as written, any other JSON value (number, true,
false) in its JSON spelling, null as an empty cell. The output is the upstream snapshot the build loads; its sha256
goes into datapackage.json. Run:

    python reduce/mlperf_power_rows.py summary_results.json > data/upstream/mlcommons/<date>/inference_v5.1_power_rows.csv
"""
import csv
import io
import json
import sys


def cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def power_rows_csv(results):
    """The CSV text of the rows of `results` (summary_results.json, parsed) that have a power result."""
    rows = [r for r in results if r.get("has_power") is True]
    columns = list(dict.fromkeys(key for r in rows for key in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([cell(r.get(c)) for c in columns])
    return out.getvalue()


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: python reduce/mlperf_power_rows.py SUMMARY_RESULTS_JSON > power_rows.csv")
    with open(argv[1], encoding="utf-8") as f:
        results = json.load(f)
    sys.stdout.write(power_rows_csv(results))


if __name__ == "__main__":
    main(sys.argv)
