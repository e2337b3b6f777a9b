package org.unveil.archive.internal.media;

/** Quotes a path for the shell commands that error messages tell the user to run. */
final class Shell {
    private Shell() {}

    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:=+,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
