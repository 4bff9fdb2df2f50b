package io.visutility.http;

/** Client-supplied text quoted back in an error message, kept short. */
final class Texts {
    private static final int MAX = 80;

    private Texts() {}

    static String abbreviate(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX) + "…";
    }
}
