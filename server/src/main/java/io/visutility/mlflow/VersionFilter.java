package io.visutility.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The {@code filter} of {@code model-versions/search}: the subset of MLflow's search syntax that names
 * versions, clauses joined by {@code AND}:
 * <pre>
 *   name = 'x' | name != 'x' | name LIKE 'det%' | name ILIKE 'DET%'
 *   run_id = 'r' | run_id != 'r' | run_id IN ('r1', 'r2')
 *   source_path = 'sha256:…' | source_path != '…'   (compared by the artifact it names)
 *   tags.key = 'v' | tags.`a key` != 'v' | tags.key LIKE 'v%' | tags.key ILIKE 'v%'
 * </pre>
 * Strings are in single or double quotes; anything else is refused with what was expected.
 */
final class VersionFilter implements Predicate<NumberedVersion> {
    private static final String GRAMMAR = "clauses like name = 'x', name LIKE 'x%', run_id IN ('a', 'b'),"
            + " source_path = 'sha256:…' or tags.key = 'v', joined by AND";

    private final List<Predicate<NumberedVersion>> clauses;
    private final String exactName;

    private VersionFilter(List<Predicate<NumberedVersion>> clauses, String exactName) {
        this.clauses = clauses;
        this.exactName = exactName;
    }

    static final VersionFilter ALL = new VersionFilter(List.of(), null);

    @Override
    public boolean test(NumberedVersion v) {
        for (Predicate<NumberedVersion> c : clauses) {
            if (!c.test(v)) {
                return false;
            }
        }
        return true;
    }

    /** The one model the filter allows, when it has a {@code name = 'x'} clause. */
    Optional<String> model() {
        return Optional.ofNullable(exactName);
    }

    static VersionFilter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return ALL;
        }
        return new Parser(filter).parse();
    }

    private record Token(Kind kind, String text) {}

    private enum Kind { WORD, STRING, QUOTED_NAME, OPERATOR, OPEN, CLOSE, COMMA }

    /** A recursive-descent parser over the tokens of one filter. */
    private static final class Parser {
        private final String filter;
        private final List<Token> tokens;
        private int next;
        private String exactName;

        Parser(String filter) {
            this.filter = filter;
            this.tokens = tokenize(filter);
        }

        VersionFilter parse() {
            List<Predicate<NumberedVersion>> clauses = new ArrayList<>();
            clauses.add(clause());
            while (next < tokens.size()) {
                Token and = take("AND");
                if (and.kind() != Kind.WORD || !and.text().equalsIgnoreCase("AND")) {
                    throw refused("expected AND between clauses but got '" + and.text() + "'");
                }
                clauses.add(clause());
            }
            return new VersionFilter(List.copyOf(clauses), exactName);
        }

        private Predicate<NumberedVersion> clause() {
            Token attribute = take("an attribute");
            if (attribute.kind() != Kind.WORD) {
                throw refused("expected an attribute (name, run_id, source_path or tags.<key>) but got '"
                        + attribute.text() + "'");
            }
            String a = attribute.text();
            String lower = a.toLowerCase(Locale.ROOT);
            if (lower.equals("tags.") || lower.equals("tag.")) {
                Token key = take("a tag key");
                if (key.kind() != Kind.QUOTED_NAME) {
                    throw refused("expected a tag key in backticks after '" + a + "' but got '" + key.text() + "'");
                }
                return text(v -> v.version().tags().get(key.text()), true);
            }
            if (lower.startsWith("tags.") || lower.startsWith("tag.")) {
                String key = a.substring(a.indexOf('.') + 1);
                return text(v -> v.version().tags().get(key), true);
            }
            return switch (lower) {
                case "name" -> {
                    int at = next;
                    Predicate<NumberedVersion> p = text(NumberedVersion::model, true);
                    if (exactName == null && tokens.get(at).text().equals("=")) {
                        exactName = tokens.get(at + 1).text(); // a second, other name is left to the clauses
                    }
                    yield p;
                }
                case "run_id" -> text(NumberedVersion::runId, false);
                case "source_path" -> source();
                default -> throw refused("expected an attribute name, run_id, source_path or tags.<key> but got '"
                        + a + "'");
            };
        }

        /** {@code = != LIKE ILIKE} (when {@code patterns}) or {@code IN (…)} on one text attribute. */
        private Predicate<NumberedVersion> text(Function<NumberedVersion, String> attribute, boolean patterns) {
            Token op = take("a comparison");
            String o = op.text().toUpperCase(Locale.ROOT);
            if (o.equals("IN") && op.kind() == Kind.WORD) {
                List<String> values = list();
                return v -> values.contains(attribute.apply(v));
            }
            boolean like = (o.equals("LIKE") || o.equals("ILIKE")) && op.kind() == Kind.WORD && patterns;
            if (!like && op.kind() != Kind.OPERATOR) {
                throw refused("expected =, !=" + (patterns ? ", LIKE, ILIKE" : "") + " or IN but got '" + op.text() + "'");
            }
            String value = string();
            return switch (o) {
                case "=" -> v -> value.equals(attribute.apply(v));
                case "!=", "<>" -> v -> !value.equals(attribute.apply(v));
                default -> {
                    Pattern p = like(value, o.equals("ILIKE"));
                    yield v -> {
                        String s = attribute.apply(v);
                        return s != null && p.matcher(s).matches();
                    };
                }
            };
        }

        private Predicate<NumberedVersion> source() {
            Token op = take("= or !=");
            if (op.kind() != Kind.OPERATOR) {
                throw refused("expected = or != after source_path but got '" + op.text() + "'");
            }
            String sha = ArtifactSource.sha256(string());
            return op.text().equals("=") ? v -> v.version().sha256().equals(sha) : v -> !v.version().sha256().equals(sha);
        }

        private List<String> list() {
            if (take("(").kind() != Kind.OPEN) {
                throw refused("expected a parenthesized list of strings after IN");
            }
            List<String> values = new ArrayList<>();
            while (true) {
                values.add(string());
                Token t = take(") or ,");
                if (t.kind() == Kind.CLOSE) {
                    return values;
                }
                if (t.kind() != Kind.COMMA) {
                    throw refused("expected ',' or ')' in the IN list but got '" + t.text() + "'");
                }
            }
        }

        private String string() {
            Token t = take("a quoted string");
            if (t.kind() != Kind.STRING) {
                throw refused("expected a quoted string but got '" + t.text() + "'");
            }
            return t.text();
        }

        private Token take(String expected) {
            if (next >= tokens.size()) {
                throw refused("expected " + expected + " but the filter ends");
            }
            return tokens.get(next++);
        }

        private MlflowException refused(String why) {
            return MlflowException.invalid("invalid filter '" + Texts.cut(filter) + "': " + why + "; expected "
                    + GRAMMAR);
        }

        private List<Token> tokenize(String s) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'' || c == '"' || c == '`') {
                    int end = s.indexOf(c, i + 1);
                    if (end < 0) {
                        throw refused("a quote " + c + " is not closed");
                    }
                    out.add(new Token(c == '`' ? Kind.QUOTED_NAME : Kind.STRING, s.substring(i + 1, end)));
                    i = end + 1;
                } else if (c == '(' || c == ')' || c == ',') {
                    out.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c)));
                    i++;
                } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                    int end = i + 1;
                    while (end < s.length() && "=!<>".indexOf(s.charAt(end)) >= 0) {
                        end++;
                    }
                    String op = s.substring(i, end);
                    if (!op.equals("=") && !op.equals("!=") && !op.equals("<>")) {
                        throw refused("expected a comparison =, != or <> but got '" + op + "'");
                    }
                    out.add(new Token(Kind.OPERATOR, op));
                    i = end;
                } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                    int end = i;
                    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || "_.-".indexOf(s.charAt(end)) >= 0)) {
                        end++;
                    }
                    out.add(new Token(Kind.WORD, s.substring(i, end)));
                    i = end;
                } else {
                    throw refused("unexpected character '" + c + "'");
                }
            }
            return out;
        }

        /** SQL LIKE: % any run, _ any one character, everything else literal. */
        private static Pattern like(String pattern, boolean ignoreCase) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                switch (c) {
                    case '%' -> regex.append(".*");
                    case '_' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL
                    | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
        }
    }
}
