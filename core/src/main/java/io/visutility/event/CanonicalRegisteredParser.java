package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Replay's fast path for the record a journal holds millions of: parses a
 * {@link ModelVersionRegistered} payload exactly as this build's encoder writes it — fields in
 * declaration order, no whitespace, no escapes, scalar metadata values — straight from the bytes.
 * Anything else (an escape, whitespace, a nested metric value, a field it does not expect, a number
 * outside a long) makes it give up and return null, and the caller parses with Jackson
 * ({@link RegisteredReader}), which is also what reports malformed input. So it only ever returns
 * what Jackson would have returned; the codec tests check that on generated events.
 */
final class CanonicalRegisteredParser {
    private static final byte[] MODEL = ascii("{\"model\":");
    private static final byte[] VERSION = ascii(",\"version\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] SHA256 = ascii(",\"sha256\":");
    private static final byte[] SIZE = ascii(",\"size\":");
    private static final byte[] METRICS = ascii(",\"metrics\":");
    private static final byte[] TAGS = ascii(",\"tags\":");
    private static final byte[] PARAMS = ascii(",\"params\":");
    private static final byte[] LINEAGE = ascii(",\"lineage\":");
    private static final byte[] CREATED_AT = ascii(",\"created_at\":");

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15};

    private final byte[] b;
    private final Interner interner;
    private int i;

    private CanonicalRegisteredParser(byte[] b, Interner interner) {
        this.b = b;
        this.interner = interner;
    }

    /** The event, or null when the payload is not in canonical form. */
    static ModelVersionRegistered parse(byte[] payload, Interner interner) {
        try {
            return new CanonicalRegisteredParser(payload, interner).event();
        } catch (NotCanonical | IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** Not in the shape this parser takes; Jackson decides. Stackless: thrown on a hot path. */
    private static final class NotCanonical extends RuntimeException {
        static final NotCanonical INSTANCE = new NotCanonical();

        private NotCanonical() {
            super(null, null, false, false);
        }
    }

    private ModelVersionRegistered event() {
        literal(MODEL);
        String model = internedString();
        literal(VERSION);
        String version = internedString();
        literal(ID);
        UUID id = uuid();
        literal(SHA256);
        String sha256 = string();
        literal(SIZE);
        long size = integer();
        literal(METRICS);
        Map<String, JsonNode> metrics = nodes();
        literal(TAGS);
        Map<String, String> tags = strings();
        literal(PARAMS);
        Map<String, JsonNode> params = nodes();
        literal(LINEAGE);
        Lineage lineage = lineage();
        literal(CREATED_AT);
        Instant createdAt = instant();
        if (b[i++] != '}' || i != b.length) {
            throw NotCanonical.INSTANCE;
        }
        return new ModelVersionRegistered(model, version, id, sha256, size, metrics, tags, params, lineage,
                createdAt);
    }

    /** A UUID in its canonical 36-character form, e.g. {@code 9de2a5dc-f3da-431a-bdce-8a676337cab1}. */
    private UUID uuid() {
        if (b[i] != '"' || b[i + 37] != '"' || b[i + 9] != '-' || b[i + 14] != '-' || b[i + 19] != '-'
                || b[i + 24] != '-') {
            throw NotCanonical.INSTANCE;
        }
        int s = i + 1;
        long high = hex(s, 8) << 32 | hex(s + 9, 4) << 16 | hex(s + 14, 4);
        long low = hex(s + 19, 4) << 48 | hex(s + 24, 12);
        i += 38;
        return new UUID(high, low);
    }

    private long hex(int from, int count) {
        long v = 0;
        for (int k = from; k < from + count; k++) {
            v = v << 4 | java.util.HexFormat.fromHexDigit(b[k]); // not hex: NumberFormatException, so not canonical
        }
        return v;
    }


    /** {@code "yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z"}, as the encoder writes instants (UTC). */
    private Instant instant() {
        if (b[i] != '"') {
            throw NotCanonical.INSTANCE;
        }
        int s = i + 1;
        if (b[s + 4] != '-' || b[s + 7] != '-' || b[s + 10] != 'T' || b[s + 13] != ':' || b[s + 16] != ':') {
            throw NotCanonical.INSTANCE;
        }
        int year = decimal(s, 4);
        int month = decimal(s + 5, 2);
        int day = decimal(s + 8, 2);
        int hour = decimal(s + 11, 2);
        int minute = decimal(s + 14, 2);
        int second = decimal(s + 17, 2);
        int k = s + 19;
        int nano = 0;
        if (b[k] == '.') {
            int from = ++k;
            while (b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            int digits = k - from;
            if (digits < 1 || digits > 9) {
                throw NotCanonical.INSTANCE;
            }
            nano = decimal(from, digits);
            for (int d = digits; d < 9; d++) {
                nano *= 10;
            }
        }
        if (b[k] != 'Z' || b[k + 1] != '"' || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23
                || minute > 59 || second > 59) {
            throw NotCanonical.INSTANCE;
        }
        i = k + 2;
        long days = epochDay(year, month, day);
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nano);
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (the civil-to-days algorithm of Howard
     * Hinnant's date library); refuses days the month does not have.
     */
    private static long epochDay(int year, int month, int day) {
        boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        int length = month == 2 ? (leap ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
        if (day > length) {
            throw NotCanonical.INSTANCE;
        }
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private int decimal(int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                throw NotCanonical.INSTANCE;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private void literal(byte[] expected) {
        int end = i + expected.length;
        if (end > b.length || !java.util.Arrays.equals(b, i, end, expected, 0, expected.length)) {
            throw NotCanonical.INSTANCE;
        }
        i = end;
    }

    private String string() {
        if (b[i] != '"') {
            throw NotCanonical.INSTANCE;
        }
        int start = ++i;
        byte c;
        boolean ascii = true;
        while ((c = b[i]) != '"') {
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                throw NotCanonical.INSTANCE;
            }
            ascii &= c >= 0;
            i++;
        }
        // ASCII (checksums, versions, most names) is copied as it is; anything else decoded as UTF-8
        return new String(b, start, i++ - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** {@link #string()}, shared through the interner without building a String when it is known. */
    private String internedString() {
        if (b[i] != '"') {
            throw NotCanonical.INSTANCE;
        }
        int start = ++i;
        byte c;
        while ((c = b[i]) != '"') {
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                throw NotCanonical.INSTANCE;
            }
            i++;
        }
        return interner.intern(b, start, i++ - start);
    }

    /** A JSON integer that fits a long (Jackson's int/long split is made by the caller). */
    private long integer() {
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int digitsFrom = i;
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i++] - '0');
        }
        int digits = i - digitsFrom;
        if (digits == 0 || digits > 18 || (digits > 1 && b[digitsFrom] == '0')) {
            throw NotCanonical.INSTANCE; // none, possibly beyond a long, or a leading zero
        }
        if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            throw NotCanonical.INSTANCE;
        }
        return negative ? -v : v;
    }

    private JsonNode value() {
        byte c = b[i];
        if (c == '"') {
            return TextNode.valueOf(string());
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (matches("true")) {
            return BooleanNode.TRUE;
        }
        if (matches("false")) {
            return BooleanNode.FALSE;
        }
        if (matches("null")) {
            return NullNode.getInstance();
        }
        throw NotCanonical.INSTANCE; // objects and arrays: Jackson builds those
    }

    private boolean matches(String word) {
        if (i + word.length() > b.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += word.length();
        return true;
    }

    /** A JSON number, strictly (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), as Jackson types it. */
    private JsonNode number() {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        int intFrom = i;
        int intDigits = digits();
        if (intDigits == 0 || (intDigits > 1 && b[intFrom] == '0')) {
            throw NotCanonical.INSTANCE;
        }
        boolean fractional = false;
        int fractionDigits = 0;
        if (i < b.length && b[i] == '.') {
            i++;
            fractional = true;
            fractionDigits = digits();
            if (fractionDigits == 0) {
                throw NotCanonical.INSTANCE;
            }
        }
        boolean exponent = i < b.length && (b[i] == 'e' || b[i] == 'E');
        if (fractional && !exponent && intDigits + fractionDigits <= 15) {
            // Clinger's fast path: the digits as an integer (< 2^53) divided by an exact power of ten
            // is one correctly rounded operation, so this is exactly Double.parseDouble's result.
            long digits = 0;
            for (int k = intFrom; k < i; k++) {
                if (b[k] != '.') {
                    digits = digits * 10 + (b[k] - '0');
                }
            }
            double v = digits / POWERS_OF_TEN[fractionDigits];
            return DoubleNode.valueOf(b[start] == '-' ? -v : v);
        }
        if (exponent) {
            i++;
            fractional = true;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (digits() == 0) {
                throw NotCanonical.INSTANCE;
            }
        }
        String text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
        if (fractional) {
            return DoubleNode.valueOf(Double.parseDouble(text));
        }
        if (intDigits > 18) {
            throw NotCanonical.INSTANCE; // Jackson decides between long and BigInteger
        }
        long v = Long.parseLong(text);
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    }

    private int digits() {
        int from = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i - from;
    }

    private Map<String, JsonNode> nodes() {
        return object(this::value);
    }

    private Map<String, String> strings() {
        return object(this::internedString);
    }

    /** A flat JSON object whose values {@code value} reads; key order is kept. */
    private <V> Map<String, V> object(java.util.function.Supplier<V> value) {
        if (b[i++] != '{') {
            throw NotCanonical.INSTANCE;
        }
        if (b[i] == '}') {
            i++;
            return Map.of();
        }
        String key = key();
        V first = value.get();
        if (b[i] == '}') {
            i++;
            return Map.of(key, first);
        }
        Map<String, V> out = new LinkedHashMap<>();
        out.put(key, first);
        while (b[i++] == ',') {
            String k = key();
            out.put(k, value.get());
        }
        if (b[i - 1] != '}') {
            throw NotCanonical.INSTANCE;
        }
        return out;
    }

    /** A map key and its colon; keys repeat across records, so they are shared. */
    private String key() {
        String k = internedString();
        if (b[i++] != ':') {
            throw NotCanonical.INSTANCE;
        }
        return k;
    }

    private Lineage lineage() {
        if (b[i++] != '{') {
            throw NotCanonical.INSTANCE;
        }
        if (b[i] == '}') {
            i++;
            return Lineage.NONE;
        }
        String parent = null;
        String job = null;
        String reason = null;
        String detection = null;
        do {
            String field = key();
            String value = matches("null") ? null : string();
            switch (field) {
                case "parent_version" -> parent = value;
                case "training_job_id" -> job = value;
                case "reason" -> reason = value;
                case "detection" -> detection = value;
                default -> throw NotCanonical.INSTANCE;
            }
        } while (b[i++] == ',');
        if (b[i - 1] != '}') {
            throw NotCanonical.INSTANCE;
        }
        return parent == null && job == null && reason == null && detection == null ? Lineage.NONE
                : new Lineage(parent, job, reason, detection);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
