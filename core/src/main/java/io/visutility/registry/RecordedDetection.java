package io.visutility.registry;

import io.visutility.event.DetectionRaised;

/** A journaled detection: its journal position (a stable id) and what was detected. */
public record RecordedDetection(long position, DetectionRaised detection) {}
