#!/usr/bin/env bash
# Writes the NDJSON telemetry batch that run.sh posts: INFERENCES inferences of model MODEL 1.0.0,
# each a latency and an outcome (every tenth wrong), plus a feature sample of four image statistics
# for every fourth inference; telemetry time advances 1 ms per inference. Deterministic (no RNG):
# the same arguments always give the same bytes. Usage: gen-telemetry.sh MODEL INFERENCES > file
set -euo pipefail
model="${1:?model name}"
n="${2:?number of inferences}"
awk -v model="$model" -v n="$n" 'BEGIN {
  base = "2026-03-01T08:"
  for (i = 0; i < n; i++) {
    ms = i % 1000; s = int(i / 1000) % 60; m = int(i / 60000) % 60
    at = sprintf("2026-03-01T08:%02d:%02d.%03dZ", m, s, ms)
    # a smooth, bounded, non-constant latency and feature values (no randomness, so no flaky drift)
    lat = 40 + (i * 37 % 200) / 10.0
    printf("{\"type\":\"latency\",\"model\":\"%s\",\"version\":\"1.0.0\",\"at\":\"%s\",\"millis\":%.1f}\n", model, at, lat)
    if (i % 10 == 9) {
      printf("{\"type\":\"outcome\",\"model\":\"%s\",\"version\":\"1.0.0\",\"at\":\"%s\",\"predicted\":\"car\",\"actual\":\"bus\"}\n", model, at)
    } else {
      printf("{\"type\":\"outcome\",\"model\":\"%s\",\"version\":\"1.0.0\",\"at\":\"%s\",\"correct\":true}\n", model, at)
    }
    if (i % 4 == 3) {
      k = i * 7919 % 1000
      printf("{\"type\":\"features\",\"model\":\"%s\",\"version\":\"1.0.0\",\"at\":\"%s\",\"numeric\":{\"brightness\":%.3f,\"contrast\":%.3f,\"sharpness\":%.3f,\"saturation\":%.3f}}\n",
             model, at, 0.4 + k / 5000.0, 0.3 + (k * 3 % 1000) / 10000.0, 0.6 + (k * 7 % 1000) / 8000.0, 0.5 + (k * 11 % 1000) / 6000.0)
    }
  }
}'
