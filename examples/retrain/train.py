#!/usr/bin/env python3
"""A stand-in training program for the README's retraining tour (standard library only).

It follows the command-trainer contract of docs/retraining.md: hyper-parameters arrive as --name=value
arguments (and VISU_PARAM_<NAME>), the parent version's artifact as VISU_PARENT_ARTIFACT, and the
artifact and metrics.json go to VISU_OUTPUT_DIR. "Training" is deterministic: validation accuracy
peaks at lr = 3e-3 and falls off with the distance in decades, as a real learning-rate sweep tends to.
"""
import json
import math
import os
import sys

params = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
lr = float(params.get("lr", "0.01"))
out = os.environ["VISU_OUTPUT_DIR"]
parent = os.environ.get("VISU_PARENT_ARTIFACT")
print(f"training from {os.environ.get('VISU_PARENT_VERSION', 'scratch')} with lr={lr}", flush=True)
for epoch in range(1, 4):
    print(f"epoch {epoch}/3", flush=True)
accuracy = 0.95 - 0.04 * (math.log10(lr) - math.log10(3e-3)) ** 2
accuracy = max(0.5, round(accuracy, 4))
with open(os.path.join(out, "model.bin"), "w") as f:
    json.dump({"lr": lr, "parent_bytes": os.path.getsize(parent) if parent else 0}, f)
with open(os.path.join(out, "metrics.json"), "w") as f:
    json.dump({"accuracy": accuracy, "f1": round(accuracy - 0.02, 4)}, f)
print(f"validation accuracy {accuracy}")
