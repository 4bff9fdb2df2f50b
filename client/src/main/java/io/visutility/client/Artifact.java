package io.visutility.client;

/**
 * An artifact held by the server's content-addressed store.
 *
 * @param sha256 the SHA-256 of its bytes, 64 lowercase hex digits: what a registration names
 * @param size its length in bytes
 */
public record Artifact(String sha256, long size) {}
