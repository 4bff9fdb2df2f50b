package io.visutility.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.monitor.Detection;
import io.visutility.monitor.Monitor;
import io.visutility.monitor.ModelCatalog;
import io.visutility.monitor.MonitorPolicy;
import io.visutility.monitor.Rejection;
import io.visutility.monitor.Telemetry;
import io.visutility.monitor.TelemetryValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code visutility monitor replay}: runs recorded telemetry through a policy, as the live monitor
 * would (cooldowns on telemetry time), and prints the detections and what validation refused.
 */
@Command(name = "replay", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {"Replay recorded telemetry (NDJSON, one object per line) through a monitor policy and print"
                + " the detections, then how many records validation refused, by code.",
                "Nothing is printed but the error if a line is not a telemetry object."})
final class MonitorReplayCommand implements Callable<Integer> {
    /** Evidence maps (some nested) printed with sorted keys, so output is stable. */
    private static final ObjectMapper EVIDENCE = Output.JSON.copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", paramLabel = "POLICY.json|default", defaultValue = "default",
            description = "The policy as JSON (see 'visutility monitor policy-default'); 'default' (the default)"
                    + " for the built-in one.")
    String policy;

    @Option(names = "--telemetry", required = true, paramLabel = "FILE.ndjson", description = "The recorded telemetry.")
    Path telemetry;

    @Option(names = "--json", description = "Print the detections as a JSON array (the summary of refused"
            + " telemetry goes to stderr).")
    boolean json;

    /** How many records one rejection code refused, and the first of them. */
    private static final class Refused {
        int count;
        int firstLine;
        String firstMessage;
    }

    @Override
    public Integer call() throws IOException {
        MonitorPolicy p = policy();
        MonitorTelemetryFile recorded = MonitorTelemetryFile.read(InputFiles.readable("--telemetry", telemetry));
        int[] current = {-1};
        Iterable<Telemetry> tracked = () -> new Iterator<>() {
            private final Iterator<Telemetry> it = recorded.telemetry().iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Telemetry next() {
                current[0]++;
                return it.next();
            }
        };
        Map<Rejection.Code, Refused> refused = new EnumMap<>(Rejection.Code.class);
        List<Detection> detections = Monitor.replay(p, tracked, new TelemetryValidator(ModelCatalog.any()), r -> {
            Refused x = refused.computeIfAbsent(r.code(), c -> new Refused());
            if (x.count++ == 0) {
                x.firstLine = recorded.lines()[current[0]];
                x.firstMessage = r.message();
            }
        });
        PrintWriter out = spec.commandLine().getOut();
        int total = recorded.telemetry().size();
        int rejected = refused.values().stream().mapToInt(x -> x.count).sum();
        if (json) {
            out.println(Output.write(json(detections)));
            if (rejected > 0) {
                PrintWriter err = spec.commandLine().getErr();
                List<String> parts = new ArrayList<>();
                refused.forEach((code, x) -> parts.add(code.jsonName() + " " + x.count + " (first on line "
                        + x.firstLine + ": " + x.firstMessage + ")"));
                err.println("visutility: refused " + rejected + " of " + total + " telemetry record(s): "
                        + String.join(", ", parts));
                err.flush();
            }
        } else {
            List<String[]> rows = new ArrayList<>();
            for (Detection d : detections) {
                rows.add(new String[] {d.at().toString(), d.key().toString(), d.detector(), d.severity().jsonName(),
                        d.reason()});
            }
            Table.print(rows, out);
            if (!detections.isEmpty()) {
                out.println();
            }
            out.println(detections.size() + " detection(s) in " + total + " telemetry record(s); " + rejected
                    + " refused by validation");
            List<String[]> codes = new ArrayList<>();
            refused.forEach((code, x) -> codes.add(new String[] {"  " + code.jsonName(), Integer.toString(x.count),
                    "first on line " + x.firstLine + ": " + x.firstMessage}));
            Table.print(codes, out);
        }
        out.flush();
        return 0;
    }

    private MonitorPolicy policy() throws IOException {
        if (policy.equals("default")) {
            return MonitorPolicy.defaults();
        }
        Path file = InputFiles.readable("--policy", Path.of(policy));
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new VisutilityCommand.UserError(file + ": expected UTF-8 text but the file holds other bytes");
        }
        try {
            return MonitorPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new VisutilityCommand.UserError(file + ": " + e.getMessage());
        }
    }

    static ArrayNode json(List<Detection> detections) {
        ArrayNode a = Output.JSON.createArrayNode();
        for (Detection d : detections) {
            ObjectNode o = a.addObject();
            o.put("model", d.key().model());
            if (d.key().version() == null) {
                o.putNull("version");
            } else {
                o.put("version", d.key().version());
            }
            o.put("detector", d.detector());
            o.put("severity", d.severity().jsonName());
            o.put("reason", d.reason());
            o.set("evidence", EVIDENCE.valueToTree(d.evidence()));
            o.put("at", d.at().toString());
        }
        return a;
    }
}
