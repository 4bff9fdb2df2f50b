package io.visutility.mlflow;

/** Request text quoted in an error message: cut short, control characters escaped. */
final class Texts {
    private static final int MAX = 80;

    private Texts() {}

    static String cut(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > MAX ? b + "…" : b.toString();
    }
}
