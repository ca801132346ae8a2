"""Flatten the ML.ENERGY leaderboard's tasks/*.json to the two CSV snapshots in data/upstream/ml-energy/<date>/.

    python reduce/mlenergy_flatten.py LEADERBOARD_DATA_DIR OUT_DIR

LEADERBOARD_DATA_DIR is `public/data/` of ml-energy/leaderboard at the commit that snapshot.json records (its
`index.json` and `tasks/*.json`). One row per configuration, in each file's order, tasks in the order of index.json's
`architectures` (llm, then mllm: LLM and multimodal tasks; diffusion); a `task` column first; each
cell as the JSON holds it (numbers in Python's shortest repr, null as empty). LLM and multimodal tasks go to
llm_configurations.csv, text-to-image and text-to-video to diffusion_configurations.csv. Run by hand on a fetched
copy; tests/test_reductions.py checks it on the task files kept in tests/fixtures/ml-energy/.
"""
import csv
import json
import sys
from pathlib import Path

LLM_ARCHITECTURES, DIFFUSION_ARCHITECTURES = ("llm", "mllm"), ("diffusion",)
LLM_COLUMNS = ["model_id", "nickname", "architecture", "total_params_billions", "activated_params_billions",
               "weight_precision", "gpu_model", "num_gpus", "tensor_parallel", "expert_parallel", "data_parallel",
               "max_num_seqs", "avg_batch_size", "avg_output_len", "avg_power_watts", "energy_per_token_joules",
               "energy_per_request_joules", "output_throughput_tokens_per_sec", "median_itl_ms", "p90_itl_ms",
               "p95_itl_ms", "p99_itl_ms"]
DIFFUSION_COLUMNS = ["model_id", "nickname", "total_params_billions", "activated_params_billions", "weight_precision",
                     "gpu_model", "num_gpus", "ulysses_degree", "ring_degree", "batch_size", "inference_steps",
                     "image_height", "image_width", "video_height", "video_width", "num_frames", "fps",
                     "avg_power_watts", "energy_per_image_joules", "energy_per_video_joules", "batch_latency_s",
                     "throughput_images_per_sec", "throughput_videos_per_sec"]


def flatten(data_dir, architectures, columns):
    """The header and rows of one CSV: every configuration of the tasks of `architectures`, in index.json's order."""
    index = json.loads(Path(data_dir, "index.json").read_text(encoding="utf-8"))
    rows = []
    for task in (t for a in architectures for t in index["architectures"][a]):
        for config in json.loads(Path(data_dir, "tasks", f"{task}.json").read_text(encoding="utf-8"))["configurations"]:
            rows.append([task] + [cell(config.get(c)) for c in columns])
    return ["task"] + columns, rows


def cell(value):
    return "" if value is None else repr(value) if isinstance(value, float) else str(value)


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(data_dir, out_dir):
    write(Path(out_dir, "llm_configurations.csv"), *flatten(data_dir, LLM_ARCHITECTURES, LLM_COLUMNS))
    write(Path(out_dir, "diffusion_configurations.csv"), *flatten(data_dir, DIFFUSION_ARCHITECTURES, DIFFUSION_COLUMNS))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    main(*sys.argv[1:])
