package io.visutility.registry;

/**
 * The outcome of a registration: the version, and whether this call created it ({@code false} when
 * the identical registration already existed, so a retry is harmless).
 */
public record Registration(ModelVersion version, boolean created) {}
