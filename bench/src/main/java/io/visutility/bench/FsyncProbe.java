package io.visutility.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The raw durable append of a disk: write 200 bytes at the end of a file and
 * {@code FileChannel.force(false)} (fdatasync) — what the journal does per commit batch, with
 * nothing else around it. Its rate is the ceiling for one writer.
 */
final class FsyncProbe {
    static final int RECORD_BYTES = 200;

    private final FileChannel channel;
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_BYTES);

    FsyncProbe(FileChannel channel) {
        this.channel = channel;
    }

    void appendAndSync() throws IOException {
        record.clear();
        while (record.hasRemaining()) {
            channel.write(record);
        }
        channel.force(false);
    }
}
