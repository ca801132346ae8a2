"""The project's own meter: joules per forward pass of the cv_models models on a local NVIDIA GPU, read from NVML's
total-energy counter, written as rows of data/forward_pass_meter_runs.csv (see README, "Measure on your own GPU").

    python -m measure --source-id CAMPAIGN [--gpu "GPU in gpu_specs"] [--models ...] [--batch-sizes 1,64,256]

arithmetic.py, aliases.py and rows.py are plain Python (tested without a GPU); harness.py imports torch, timm and
pynvml only when it runs.
"""
