package io.visutility.event;

/** An event together with its journal position: the order in which it happened, and a resume point. */
public record JournaledEvent(long position, Event event) {}
