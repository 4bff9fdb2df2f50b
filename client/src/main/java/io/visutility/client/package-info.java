/**
 * The Java client of the VisuTility REST API: {@link io.visutility.client.VisutilityClient} for CI
 * (upload an artifact, register a version, promote it, look up an alias) and
 * {@link io.visutility.client.TelemetrySender} for serving endpoints (non-blocking, batched
 * telemetry). Depends on the JDK and jackson-databind only. See {@code docs/client.md}.
 */
package io.visutility.client;
