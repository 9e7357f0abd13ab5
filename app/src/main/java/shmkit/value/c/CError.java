package shmkit.value.c;

import shmkit.ShmException;

/** A construct the C parser refuses: one line naming it and its line number (exit 2). */
final class CError {
    private CError() {}

    static ShmException at(String where, int line, String message) {
        return ShmException.usage(where + " line " + line + ": " + message);
    }
}
