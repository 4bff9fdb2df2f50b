#!/usr/bin/env python3
"""Writes the example files under examples/ used by the README's tour (standard library only).

    python3 scripts/make_examples.py

- examples/drift/reference.csv, current.csv: image statistics of 500 + 400 frames; in the current
  frames brightness rose (a lighting change), contrast and the camera mix did not change.
- examples/drift/errors.csv: a prediction-error stream (1 = wrong) whose error rate rises from 10 %
  to 35 % at position 1500.
- examples/monitor/telemetry.ndjson: 40 minutes of telemetry for detector@1.0.0: latencies,
  outcomes, accuracy samples every 10 s that decay after minute 20, and a burst of inference
  errors in minute 30.
"""
import json
import os
import random

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
rng = random.Random(2026)


def frames(n, brightness_shift):
    rows = []
    for _ in range(n):
        rows.append((0.45 + brightness_shift + rng.gauss(0, 0.05), 0.30 + rng.gauss(0, 0.04),
                     rng.choice(["gate-1", "gate-1", "gate-2", "dock-7"])))
    return rows


def write_csv(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("brightness,contrast,camera\n")
        for b, c, cam in rows:
            f.write(f"{b:.4f},{c:.4f},{cam}\n")


write_csv(os.path.join(root, "drift", "reference.csv"), frames(500, 0.0))
write_csv(os.path.join(root, "drift", "current.csv"), frames(400, 0.08))

with open(os.path.join(root, "drift", "errors.csv"), "w") as f:
    f.write("index,error\n")
    for i in range(3000):
        p = 0.10 if i < 1500 else 0.35
        f.write(f"{i},{1 if rng.random() < p else 0}\n")

os.makedirs(os.path.join(root, "monitor"), exist_ok=True)
with open(os.path.join(root, "monitor", "telemetry.ndjson"), "w") as f:
    def emit(record):
        f.write(json.dumps(record, separators=(",", ":")) + "\n")
    for second in range(0, 40 * 60, 5):
        at = f"2026-03-01T08:{second // 60:02d}:{second % 60:02d}Z"
        base = {"model": "detector", "version": "1.0.0", "at": at}
        emit({"type": "latency", **base, "millis": round(18 + rng.random() * 6, 2)})
        decay = 0.0 if second < 20 * 60 else 0.0015 * (second - 20 * 60) / 5
        accuracy = max(0.0, min(1.0, 0.92 - decay + rng.gauss(0, 0.005)))
        emit({"type": "outcome", **base, "correct": rng.random() < accuracy})
        if second % 10 == 0:
            emit({"type": "accuracy", **base, "accuracy": round(accuracy, 4), "count": 200})
        if 30 * 60 <= second < 31 * 60:
            for _ in range(5):
                emit({"type": "inference_error", **base, "message": "CUDA out of memory"})
