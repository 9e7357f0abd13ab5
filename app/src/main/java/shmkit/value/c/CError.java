package shmkit.value.c;

import shmkit.ShmException;

/** A construct the C parser refuses: one line naming it and its line number (exit 2). */
final class CError {
    private CError() {}

    static ShmException at(String where, int line, String message) {
        // a message quotes the input: kept to one safe line, whatever the header holds
        return ShmException.usage(shmkit.text.SafeText.line(where + " line " + line + ": " + message));
    }
}
