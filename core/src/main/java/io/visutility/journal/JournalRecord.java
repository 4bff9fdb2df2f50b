package io.visutility.journal;

/**
 * One framed record of the journal: its position (1-based, dense, increasing by one per record), the
 * type id and schema version of its payload, and the payload bytes (JSON for every record type we
 * write).
 */
public record JournalRecord(long position, int typeId, int schemaVersion, byte[] payload) {}
