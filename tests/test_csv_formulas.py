"""A formula in an upstream snapshot (loaded as its publisher wrote it) reaches CSV downloads neutralised, through
Datasette's own CSV output (plugins/csv_formulas.py), while JSON keeps the value exactly."""
import csv
import io
import sys

import pytest

from tests.helpers import ROOT, build_copy, edit_csv, pin_snapshot

FORMULA = '=HYPERLINK("http://x","y")'
SNAPSHOT = "upstream/mlco2/2024-11-09/impact.csv"


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    """Datasette serving a build whose mlco2 snapshot has a formula for a city and a column name (re-pinned, as a
    contributor replacing the snapshot would)."""
    def edit(root):
        edit_csv(root, SNAPSHOT, ",Changhua County,", ',"' + FORMULA.replace('"', '""') + '",')
        edit_csv(root, SNAPSHOT, ",Hong Kong,", ",@SUM(1+1),")
        pin_snapshot(root, "mlco2_impact_regions")
    conn = build_copy(tmp_path_factory.mktemp("formula"), edit)
    [db] = [path for _, name, path in conn.execute("PRAGMA database_list") if name == "main"]
    conn.close()
    sys.path.insert(0, str(ROOT))
    from serve import datasette
    return datasette(db)


def _rows(text):
    return {row["region"]: row for row in csv.DictReader(io.StringIO(text))}


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/ai_energy/mlco2_impact_regions.csv?_size=max",
                                  "/ai_energy/mlco2_impact_regions.csv?_stream=1",
                                  "/ai_energy/mlco2_impact_regions.csv?_dl=1",
                                  "/ai_energy.csv?sql=select+region,+city+from+mlco2_impact_regions"])
async def test_a_formula_in_an_upstream_cell_is_neutralised_in_csv(crafted, path):
    response = await crafted.client.get(path)
    assert response.status_code == 200
    rows = _rows(response.text)
    assert rows["asia-east1"]["city"] == "'" + FORMULA
    assert rows["asia-east2"]["city"] == "'@SUM(1+1)"
    assert all(not row["city"].startswith(("=", "@")) for row in rows.values())


@pytest.mark.asyncio
async def test_json_keeps_the_value_exactly_and_numbers_stay_numbers(crafted):
    response = await crafted.client.get("/ai_energy/mlco2_impact_regions.json?_shape=array&region=asia-east1")
    assert response.json()[0]["city"] == FORMULA
    answer = await crafted.client.get("/ai_energy.csv?sql=select+-3.5+as+a,+%27-2%2B3%27+as+b,+%27%09x%27+as+c")
    assert answer.text.splitlines()[1] == "-3.5,'-2+3,'\tx"


@pytest.mark.asyncio
async def test_a_csv_without_formulas_is_unchanged_byte_for_byte(ds):
    """The rewrite touches only the records it must: a whole relation's CSV is the csv module's own writing."""
    response = await ds.client.get("/ai_energy/owid_carbon_intensity_electricity.csv?_stream=1")
    rows = list(csv.reader(io.StringIO(response.text)))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    assert len(rows) > 6000 and response.text == out.getvalue()
