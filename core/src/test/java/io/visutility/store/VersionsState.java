package io.visutility.store;

import io.visutility.event.JournaledEvent;
import io.visutility.event.ModelVersionRegistered;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal state machine for testing the store on its own: {@code model@version → sha256} from
 * registration events, plus the position of the last event applied. A model named {@code poison}
 * makes the applier throw, to test what the store does when applying fails.
 */
final class VersionsState implements StateMachine {
    final Map<String, String> versions = new ConcurrentHashMap<>();
    volatile long lastApplied;

    @Override
    public void apply(JournaledEvent event) {
        switch (event.event()) {
            case ModelVersionRegistered e -> {
                if (e.model().equals("poison")) {
                    throw new IllegalStateException("cannot apply poison at " + event.position());
                }
                versions.put(e.model() + "@" + e.version(), e.sha256());
            }
            default -> { }
        }
        lastApplied = event.position();
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(lastApplied + "\n");
        for (Map.Entry<String, String> e : new TreeMap<>(versions).entrySet()) {
            w.write(e.getKey() + " " + e.getValue() + "\n");
        }
        w.flush();
    }

    @Override
    public void readSnapshot(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        lastApplied = Long.parseLong(r.readLine());
        String line;
        while ((line = r.readLine()) != null) {
            String[] kv = line.split(" ");
            versions.put(kv[0], kv[1]);
        }
    }

    Map<String, String> snapshot() {
        return Map.copyOf(versions);
    }
}
