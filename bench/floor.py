#!/usr/bin/env python3
"""The floor a build is compared with: the same CSVs that the build loads (data/*.csv and the upstream snapshots under
data/upstream/) loaded into SQLite by the bare `sqlite-utils insert --csv`, every file in one process (sqlite-utils'
own command line, called in-process once per file, each file a table named for its file). No validation, no types,
no keys, no derived relations: what loading the data costs at the least.

    python bench/floor.py DB DATA_DIR
"""
import sys
from pathlib import Path

from sqlite_utils.cli import cli


def main(db, data):
    for csv in sorted(Path(data).rglob("*.csv")):
        cli.main(["insert", str(db), csv.stem, str(csv), "--csv"], prog_name="sqlite-utils", standalone_mode=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
