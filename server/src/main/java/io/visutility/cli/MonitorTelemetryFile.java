package io.visutility.cli;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.visutility.monitor.Telemetry;
import io.visutility.monitor.TelemetryJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Telemetry recorded as NDJSON: one JSON object per line ({@code "type"} names the kind; fields are
 * snake_case; {@code "at"} is ISO-8601). Blank lines are skipped; any other line that is not one
 * telemetry object (unknown type or field, a missing or malformed number, trailing text) is refused,
 * naming the line.
 *
 * @param telemetry the records in file order
 * @param lines the 1-based line of each record
 */
record MonitorTelemetryFile(List<Telemetry> telemetry, int[] lines) {
    private static final ObjectReader READER = TelemetryJson.reader();
    /** The {@code "type"} names of the telemetry kinds, in declaration order. */
    static final List<String> TYPES = Arrays.stream(Telemetry.class.getAnnotation(JsonSubTypes.class).value())
            .map(JsonSubTypes.Type::name).toList();

    static MonitorTelemetryFile read(Path file) throws IOException {
        List<Telemetry> telemetry = new ArrayList<>();
        int[] lines = new int[256];
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (telemetry.size() == lines.length) {
                    lines = Arrays.copyOf(lines, lines.length * 2);
                }
                lines[telemetry.size()] = number;
                telemetry.add(parse(file, number, line));
            }
        } catch (CharacterCodingException e) {
            throw new VisutilityCommand.UserError(file + ": expected UTF-8 text but the file holds other bytes");
        }
        return new MonitorTelemetryFile(List.copyOf(telemetry), Arrays.copyOf(lines, telemetry.size()));
    }

    private static Telemetry parse(Path file, int number, String line) {
        if (!line.strip().startsWith("{")) {
            throw refused(file, number, "expected a JSON object with a \"type\" (one of " + String.join(", ", TYPES)
                    + ")");
        }
        try {
            return READER.readValue(line);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            throw refused(file, number, "unknown field '" + e.getPropertyName() + "'; expected "
                    + String.join(", ", known));
        } catch (InvalidTypeIdException e) {
            throw refused(file, number, (e.getTypeId() == null ? "missing the \"type\" field" : "unknown type '"
                    + e.getTypeId() + "'") + ", expected one of " + String.join(", ", TYPES));
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            String detail;
            if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                detail = iae.getMessage(); // a value the record refused, e.g. an unknown drift score kind
            } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                    && e.getOriginalMessage().startsWith("Cannot map `null` into type")) {
                throw refused(file, number, "expected a number for '" + path(m) + "' but it is missing or null");
            } else {
                detail = e.getOriginalMessage();
            }
            throw refused(file, number, detail + (e instanceof JsonMappingException m ? where(m) : ""));
        }
    }

    private static VisutilityCommand.UserError refused(Path file, int number, String detail) {
        return new VisutilityCommand.UserError(file + " line " + number + ": not a telemetry object: " + detail);
    }

    private static String where(JsonMappingException e) {
        return e.getPath().isEmpty() ? "" : " (field '" + path(e) + "')";
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            parts.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }
}
