package io.visutility.drift.online;

/**
 * One parameter of a change detector, for help texts and documentation.
 *
 * @param name the snake_case key accepted by {@link ChangeDetectors#create}, e.g. {@code delta}
 * @param defaultValue the value used when the key is absent, as text, e.g. {@code 0.002}
 * @param accepted the accepted values in words, e.g. {@code a number in (0, 1)}
 * @param description what the parameter controls
 */
public record DetectorParameter(String name, String defaultValue, String accepted, String description) {}
