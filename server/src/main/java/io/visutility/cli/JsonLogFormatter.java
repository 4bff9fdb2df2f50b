package io.visutility.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.LogRecord;

/**
 * One JSON object per log line ({@code VISUTILITY_LOG_FORMAT=json}), for log collectors:
 * {@code {"ts","level","logger","thread","message","error","stack"}}. What is logged never includes
 * API tokens or webhook secrets: those are not passed to loggers anywhere, and the records that hold
 * them print them as {@code <hidden>}.
 */
final class JsonLogFormatter extends Formatter {
    private static final JsonFactory JSON = new JsonFactory();

    /** Switches every root handler to JSON lines when {@code format} (VISUTILITY_LOG_FORMAT) is {@code json}. */
    static void install(String format) {
        if (format == null || format.isBlank() || format.trim().equalsIgnoreCase("text")) {
            return;
        }
        if (!format.trim().equalsIgnoreCase("json")) {
            System.err.println("visutility: ignoring VISUTILITY_LOG_FORMAT=" + format + " (expected text or json)");
            return;
        }
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(new JsonLogFormatter());
        }
    }

    @Override
    public String format(LogRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(r.getMillis()).toString());
            g.writeStringField("level", r.getLevel().getName());
            g.writeStringField("logger", r.getLoggerName());
            g.writeStringField("thread", Thread.currentThread().getName());
            g.writeStringField("message", formatMessage(r));
            if (r.getThrown() != null) {
                g.writeStringField("error", r.getThrown().toString());
                StringWriter stack = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(stack));
                g.writeStringField("stack", stack.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(System.lineSeparator()).toString();
    }
}
