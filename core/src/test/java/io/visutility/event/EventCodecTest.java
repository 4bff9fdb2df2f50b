package io.visutility.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.visutility.journal.JournalRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written reader of registrations decodes exactly what data binding decodes. */
class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Property(tries = 300)
    void registrationsRoundTripLikeDataBinding(@ForAll("registrations") ModelVersionRegistered event) throws Exception {
        byte[] payload = codec.encode(event);
        ModelVersionRegistered bound = EventCodec.mapper().readerFor(ModelVersionRegistered.class).readValue(payload);
        Event decoded = codec.decode(new JournalRecord(7, 1, 1, payload)).event();
        assertThat(decoded).isEqualTo(bound).isEqualTo(event);
        ModelVersionRegistered d = (ModelVersionRegistered) decoded;
        d.metrics().forEach((k, v) -> assertThat(v.getNodeType()).isEqualTo(bound.metrics().get(k).getNodeType()));
        d.params().forEach((k, v) -> assertThat(v.getClass()).isEqualTo(bound.params().get(k).getClass()));
    }

    @Provide
    Arbitrary<ModelVersionRegistered> registrations() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withChars("aé\"\\\n/ü€ ").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("😀x", "日本", "\u0000"));
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).map(f::numberNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.of(0.0, -0.0, 1e-300, 1e300, 123456789012.5, -7.0).map(f::numberNode),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999_999_999L, 2_147_483_648L).map(f::numberNode),
                Arbitraries.just(f.nullNode()),
                Arbitraries.longs().between(1L << 40, 1L << 50).map(f::numberNode),
                Arbitraries.strings().ofMaxLength(5).map(f::textNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.objectNode().put("a", 1).set("b", f.arrayNode().add(1.5).add("x"))));
        Arbitrary<Map<String, JsonNode>> nodeMaps = Arbitraries.maps(names, values).ofMaxSize(4);
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(names, names).ofMaxSize(4);
        Arbitrary<Lineage> lineage = Combinators.combine(names.injectNull(0.5), names.injectNull(0.5),
                names.injectNull(0.5)).as(Lineage::new);
        Arbitrary<Instant> instants = Arbitraries.longs().between(0, 4_000_000_000L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        return Combinators.combine(names, Arbitraries.integers().between(0, 20), nodeMaps, tags, nodeMaps, lineage,
                instants, Arbitraries.longs().between(0, Long.MAX_VALUE)).as((model, patch, metrics, tg, params, lin,
                        at, size) -> new ModelVersionRegistered(model, "1.2." + patch, new UUID(size, ~size),
                        "ab".repeat(32), size, metrics, tg, params, lin.isEmpty() ? Lineage.NONE : lin, at));
    }

    @Property(tries = 200)
    void nonCanonicalSpellingsDecodeAsJacksonDoes(@ForAll("registrations") ModelVersionRegistered event)
            throws Exception {
        String canonical = new String(codec.encode(event), StandardCharsets.UTF_8);
        String spaced = EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(event);
        for (String json : List.of(spaced, canonical.replace(",\"size\":", ", \"size\" :"),
                canonical.replace("\"created_at\"", "\"\\u0063reated_at\""))) {
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            Object bound = EventCodec.mapper().readerFor(ModelVersionRegistered.class).readValue(payload);
            Event got = codec.decode(new JournalRecord(3, 1, 1, payload)).event();
            assertThat(got).isEqualTo(bound).isEqualTo(event);
        }
    }

    @Property(tries = 3_000)
    void plainDecimalsParseExactlyAsTheJdkDoes(@ForAll("decimals") String value) {
        String json = "{\"model\":\"m\",\"version\":\"1.0.0\",\"id\":\"" + new UUID(1, 2)
                + "\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":1,\"metrics\":{\"x\":" + value
                + "},\"tags\":{},\"params\":{},\"lineage\":{},\"created_at\":\"2026-01-01T00:00:00Z\"}";
        var decoded = (ModelVersionRegistered) decode(json);
        assertThat(Double.doubleToRawLongBits(decoded.metrics().get("x").doubleValue())).as(value)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(value)));
    }

    @Property(tries = 2_000)
    void instantsParseAsTheJdkParsesThem(@ForAll("instants") Instant at) {
        var event = new ModelVersionRegistered("m", "1.0.0", new UUID(3, 4), "ab".repeat(32), 1, null, null, null,
                null, at);
        var decoded = (ModelVersionRegistered) codec.decode(new JournalRecord(1, 1, 1, codec.encode(event))).event();
        assertThat(decoded.createdAt()).isEqualTo(at);
    }

    @Provide
    Arbitrary<Instant> instants() {
        // years 0001 to 9999, including leap days and the ends of months
        return Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    }

    @Test
    void refusesDaysAMonthDoesNotHave() {
        String ok = "\"model\":\"m\",\"version\":\"1.0.0\",\"id\":\"" + new UUID(1, 2)
                + "\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":1,\"metrics\":{},\"tags\":{},\"params\":{},"
                + "\"lineage\":{},\"created_at\":";
        assertThat(((ModelVersionRegistered) decode("{" + ok + "\"2024-02-29T00:00:00Z\"}")).createdAt())
                .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThatThrownBy(() -> decode("{" + ok + "\"2023-02-29T00:00:00Z\"}")).hasMessageContaining("created_at");
        assertThatThrownBy(() -> decode("{" + ok + "\"2023-04-31T00:00:00Z\"}")).hasMessageContaining("created_at");
    }

    @Provide
    Arbitrary<String> decimals() {
        // up to 15 significant digits in all, split between the whole part and the fraction
        return Arbitraries.integers().between(1, 14).flatMap(fractionDigits -> Combinators.combine(
                Arbitraries.of("", "-"),
                Arbitraries.longs().between(0, (long) Math.pow(10, 15 - fractionDigits) - 1),
                Arbitraries.strings().numeric().ofLength(fractionDigits))
                .as((sign, whole, fraction) -> sign + whole + "." + fraction));
    }

    @Test
    void numbersAreTypedAsJacksonTypesThem() throws Exception {
        for (String value : List.of("0", "-0", "7", "2147483647", "2147483648", "-2147483649", "123456789012345678",
                "1234567890123456789", "99999999999999999999", "1.5", "-0.0", "1e3", "1E-3", "2.5e+10", "0.1")) {
            String json = "{\"model\":\"m\",\"version\":\"1.0.0\",\"id\":\"" + new UUID(1, 2)
                    + "\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":1,\"metrics\":{\"x\":" + value
                    + "},\"tags\":{},\"params\":{},\"lineage\":{},\"created_at\":\"2026-01-01T00:00:00Z\"}";
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            ModelVersionRegistered bound = EventCodec.mapper().readerFor(ModelVersionRegistered.class)
                    .readValue(payload);
            var decoded = (ModelVersionRegistered) codec.decode(new JournalRecord(3, 1, 1, payload)).event();
            assertThat(decoded.metrics().get("x")).as(value).isEqualTo(bound.metrics().get("x"));
            assertThat(decoded.metrics().get("x").getClass()).as(value).isEqualTo(bound.metrics().get("x").getClass());
        }
        for (String bad : List.of("01", "1.", ".5", "-", "1e", "+1", "0x10")) {
            assertThatThrownBy(() -> decode("{\"model\":\"m\",\"version\":\"1.0.0\",\"id\":\"" + new UUID(1, 2)
                    + "\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":1,\"metrics\":{\"x\":" + bad
                    + "},\"tags\":{},\"params\":{},\"lineage\":{},\"created_at\":\"2026-01-01T00:00:00Z\"}"))
                    .as(bad).hasMessageContaining("does not parse");
        }
    }

    @Test
    void keyOrderOfMetricsIsKept() {
        Map<String, JsonNode> metrics = new LinkedHashMap<>();
        for (String k : List.of("z", "a", "m", "b")) {
            metrics.put(k, JsonNodeFactory.instance.numberNode(1.0));
        }
        var event = new ModelVersionRegistered("m", "1.0.0", UUID.randomUUID(), "ab".repeat(32), 1, metrics, null,
                null, null, Instant.EPOCH);
        var decoded = (ModelVersionRegistered) codec.decode(new JournalRecord(1, 1, 1, codec.encode(event))).event();
        assertThat(decoded.metrics().keySet()).containsExactly("z", "a", "m", "b");
    }

    @Test
    void refusesUnknownFieldsMissingFieldsAndWrongKinds() {
        String ok = "\"model\":\"m\",\"version\":\"1.0.0\",\"id\":\"" + new UUID(1, 2)
                + "\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":1,\"created_at\":\"2026-01-01T00:00:00Z\"";
        assertThat(decode("{" + ok + "}")).isInstanceOf(ModelVersionRegistered.class);
        assertThatThrownBy(() -> decode("{" + ok + ",\"colour\":\"red\"}"))
                .hasMessageContaining("position 9").hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> decode("{" + ok.replace("\"model\":\"m\",", "") + "}"))
                .hasMessageContaining("has no 'model'");
        assertThatThrownBy(() -> decode("{" + ok.replace("\"size\":1", "\"size\":\"1\"") + "}"))
                .hasMessageContaining("'size'");
        assertThatThrownBy(() -> decode("{" + ok + ",\"tags\":{\"a\":1}}")).hasMessageContaining("'tags.a'");
        assertThatThrownBy(() -> decode("{" + ok + "} {}")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> decode("{" + ok)).hasMessageContaining("does not parse");
    }

    private Event decode(String json) {
        return codec.decode(new JournalRecord(9, 1, 1, json.getBytes(StandardCharsets.UTF_8))).event();
    }
}
