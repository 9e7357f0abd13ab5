package shmkit.watch;

import shmkit.text.Json;

/**
 * What became of the watched name, as a watch reports it: in the line output as one line that
 * starts with {@code #} (a value line never does: see {@link LinePrinter}), in JSON as an object with
 * an {@code "event"} member, on the full screen in its status line.
 *
 * @param kind what happened
 * @param name the segment's name as the user gave it
 * @param from the size before (-1: there was nothing by that name)
 * @param to   the size now (-1: there is nothing by that name now)
 */
public record WatchEvent(Kind kind, String name, long from, long to) {
    public enum Kind {
        /** The name appeared (or, waiting, came to hold the whole range). */
        CREATED,
        GREW,
        SHRANK,
        /** The name now holds another file. */
        REPLACED,
        REMOVED;

        /** As the line and JSON outputs spell it: created, grew, shrank, replaced, removed. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The line, without a timestamp: {@code # grew 1024 -> 4096}, {@code # created 4096}, {@code # removed}. */
    public String line() {
        return "# " + kind.word() + switch (kind) {
            case CREATED -> " " + to;
            case REMOVED -> "";
            default -> " " + from + " -> " + to;
        };
    }

    /** The members of its JSON object: "event", "name", "from" and "to" (null where there is no size). */
    public void json(Json json) {
        json.field("event", kind.word()).field("name", name).fieldOrNull("from", from).fieldOrNull("to", to);
    }

    @Override
    public String toString() {
        return line();
    }
}
