package io.visutility.http;

/**
 * Client-supplied text quoted back in an error message: kept short, with control and invisible
 * formatting characters (NUL, a right-to-left override) shown as Java escapes of their code points,
 * so the message shows what was sent.
 */
final class Texts {
    private static final int MAX = 80;

    private Texts() {}

    static String abbreviate(String s) {
        String shown = s.length() <= MAX ? s : s.substring(0, MAX) + "…";
        StringBuilder b = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
