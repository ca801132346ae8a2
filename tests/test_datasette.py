"""The database served by Datasette, in-process and configured as `make serve` runs it."""
import json

import pytest

from tests.helpers import SQL_JSON

RELATIONS = ["sources", "cv_models", "nlp_models", "gpu_specs", "inference_throughput", "training_runs",
             "mixed_precision_speedups", "adapted_gpu_efficiency", "efficiency_fits", "forward_pass_energy",
             "energy_estimates_vs_measured", "training_emissions", "errata", "training_run_totals", "grid_intensity",
             "grid_intensity_lookup"]
REQUIRED_COLUMNS = {
    "sources": {"source_id", "citation", "url", "licence"},
    "cv_models": {"model", "top1_accuracy", "params_millions", "gflops", "extra_training_data", "release_date", "architecture", "source_id"},
    "nlp_models": {"model", "input_tokens", "gflops", "params_millions", "release_date", "glue_score", "source_id"},
    "gpu_specs": {"gpu", "precision", "tflops", "tdp_watts", "launch_date", "gpu_type", "gflops_per_watt", "source_id"},
    "inference_throughput": {"domain", "model", "framework", "batch_size", "gpu", "precision", "throughput", "source_id"},
    "training_runs": {"hardware", "accelerator_count", "duration_hours", "reported_energy_kwh", "reported_co2e_kg", "grid_gco2e_per_kwh", "pue", "source_id"},
    "mixed_precision_speedups": {"domain", "gpu", "precision", "baseline", "speedup", "n_benchmarks"},
    "adapted_gpu_efficiency": {"domain", "gpu", "precision", "tflops", "tdp_watts", "launch_date", "gflops_per_watt", "adapted"},
    "efficiency_fits": {"fit_id", "domain", "n_points", "slope_log10_per_year", "intercept_log10", "reference_date", "r_squared", "doubling_time_years"},
    "forward_pass_energy": {"model", "domain", "release_date", "gflops", "fit_id", "fitted_gflops_per_watt", "joules"},
    "energy_estimates_vs_measured": {"model", "gpu", "measured_joules", "estimated_joules", "ratio"},
    "training_emissions": {"run", "energy_kwh", "co2e_kg", "reported_energy_kwh", "reported_co2e_kg", "method", "implied_grid_gco2e_per_kwh"},
    "training_run_totals": {"total_id", "card_id", "published_accelerator_hours", "published_co2e_kg", "source_id", "locator"},
    "grid_intensity": {"region_key", "period", "year", "basis", "gco2e_per_kwh", "source_id", "locator"},
    "grid_intensity_lookup": {"lookup_key", "year", "gco2e_per_kwh", "basis", "period", "resolution", "source_id", "locator"},
    "errata": {"source_id", "location", "published_value", "recomputed_value", "explanation"},
}


async def get_json(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


@pytest.mark.asyncio
@pytest.mark.parametrize("relation", RELATIONS)
async def test_every_public_relation_serves_json_with_its_columns(ds, relation):
    data = await get_json(ds, f"/ai_energy/{relation}.json?_shape=array&_size=max")
    assert data, relation
    assert REQUIRED_COLUMNS[relation] <= set(data[0])


@pytest.mark.asyncio
async def test_every_served_table_view_and_column_is_described(ds):
    meta = (await get_json(ds, "/-/metadata.json"))["databases"]["ai_energy"]["tables"]
    tables = await get_json(ds, "/ai_energy.json")
    names = [t["name"] for t in tables["tables"]] + [v["name"] for v in tables["views"]]
    assert set(RELATIONS) <= set(names)
    for name in names:
        assert meta.get(name, {}).get("description"), f"{name} has no description"
        columns = (await get_json(ds, f"/ai_energy/{name}.json?_size=1"))["columns"]
        for col in columns:
            if col == "rowid":
                continue
            assert meta[name].get("columns", {}).get(col), f"{name}.{col} has no description"


@pytest.mark.asyncio
async def test_units_are_published_in_metadata_json(ds):
    meta = (await get_json(ds, "/-/metadata.json"))["databases"]["ai_energy"]["tables"]
    assert meta["gpu_specs"]["units"]["tdp_watts"] == "W"
    assert meta["forward_pass_energy"]["units"]["joules"] == "J"


@pytest.mark.asyncio
async def test_filters_work_through_the_json_api(ds):
    data = await get_json(ds, "/ai_energy/forward_pass_energy.json?_shape=array&domain=cv&fit_id=desislavov2023-cv&release_date__gte=2021-01-01&_size=max")
    assert data and all(r["release_date"] >= "2021-01-01" and r["domain"] == "cv" for r in data)
    assert len(data) == 24  # BotNet 2, T2T-ViT 3, NFNet 3, Swin 3, CrossViT 2, CaiT 4, EfficientNetV2 6, ViT-G 1


@pytest.mark.asyncio
async def test_write_queries_are_refused(ds, db):
    response = await ds.client.get(SQL_JSON + "?sql=DELETE+FROM+sources")
    assert response.status_code == 400
    count = await get_json(ds, SQL_JSON + "?sql=select+count(*)+as+n+from+sources&_shape=array")
    assert count[0]["n"] == db.execute("SELECT count(*) FROM sources").fetchone()[0] > 0  # still all there


@pytest.mark.asyncio
async def test_a_table_the_metadata_closes_stays_closed_with_the_answers_kept(built_db, tmp_path):
    """serving_limits keeps each table's view permission for a visitor (the metadata is fixed while serving): asked
    again, a table the metadata closes is still closed, and the others still open, on its page and in the list."""
    from datasette_api import is_0_65
    from per_datasette import kept
    from serve import datasette
    from schema import yamlfile
    from schema.metadata import metadata_path

    metadata = yamlfile.load(metadata_path(built_db))
    metadata["databases"]["ai_energy"]["tables"]["errata"]["allow"] = False
    (tmp_path / "metadata.json").write_text(json.dumps(metadata))
    ds = datasette(built_db, metadata_file=tmp_path / "metadata.json")
    await ds.invoke_startup()
    for _ in range(2):
        assert (await ds.client.get("/ai_energy/errata.json")).status_code == 403
        assert (await ds.client.get("/ai_energy/gpu_specs.json?_size=1")).status_code == 200
        listed = {t["name"] for t in (await get_json(ds, "/ai_energy.json"))["tables"]}
        assert "gpu_specs" in listed and "errata" not in listed
    if is_0_65(ds):  # 1.0 keeps permissions in its own tables: its pages ask no permission_allowed hook for a table
        answers = {resource for resource, _ in kept(ds)["view_table_answers"]}
        assert {("ai_energy", "errata"), ("ai_energy", "gpu_specs")} <= answers


@pytest.mark.asyncio
async def test_permission_answers_kept_are_bounded(ds, monkeypatch):
    """Past KEPT_ANSWERS, a table's view permission is worked out at each request, as plain Datasette does, and kept
    for no new resource: a client naming tables cannot grow the worker's memory."""
    import serving_limits
    from datasette_api import is_0_65
    from per_datasette import kept

    if not is_0_65(ds):
        pytest.skip("Datasette 1.0 keeps permissions in its own tables: it asks no permission_allowed hook for a table")
    assert (await ds.client.get("/ai_energy/gpu_specs.json?_size=1")).status_code == 200
    known = kept(ds)["view_table_answers"]
    monkeypatch.setattr(serving_limits, "KEPT_ANSWERS", len(known))
    before = set(known)
    assert await ds.permission_allowed(None, "view-table", ("ai_energy", "some_new_name"), default=True)
    assert (await ds.client.get("/ai_energy/gpu_specs.json?_size=1")).status_code == 200
    assert set(known) == before
