package io.visutility.registry;

/** A stored artifact: its SHA-256 (64 lowercase hex digits) and size in bytes. */
public record ArtifactRef(String sha256, long size) {}
