package shmkit.segment;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import shmkit.ShmException;
import shmkit.text.SafeText;

/**
 * What a segment argument names: a bare name is the tmpfs object {@code DIR/NAME} (the object
 * {@code shm_open("/NAME")} and Python's {@code SharedMemory(name="NAME")} use); an argument with a
 * {@code /} is a path to a regular file.
 *
 * @param arg  the argument as the user typed it, used in every message
 * @param path where the segment lives
 * @param named true for a bare name in the shm folder, false for a file path
 */
public record SegmentName(String arg, Path path, boolean named) {
    /** The longest name a file system takes for one path component (NAME_MAX), in bytes. */
    public static final int MAX_NAME_BYTES = 255;

    public static SegmentName parse(String arg, Path shmDir) {
        if (arg.isEmpty()) {
            throw ShmException.usage("segment name is empty");
        }
        if (arg.indexOf('\0') >= 0) {
            throw ShmException.usage("segment name " + SafeText.quote(arg) + " contains a NUL byte");
        }
        if (arg.indexOf('/') >= 0) {
            try {
                return new SegmentName(arg, Path.of(arg), false);
            } catch (InvalidPathException e) {
                throw ShmException.usage(SafeText.quote(arg) + " is not a usable path: " + e.getReason());
            }
        }
        if (arg.equals(".") || arg.equals("..")) {
            throw ShmException.usage("segment name " + SafeText.quote(arg) + " is not allowed (use a name, or a path such as ./file)");
        }
        int bytes = arg.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw ShmException.usage("segment name is " + bytes + " bytes long; the limit is " + MAX_NAME_BYTES
                    + " (name starts " + SafeText.quote(arg.substring(0, 16)) + ")");
        }
        try {
            return new SegmentName(arg, shmDir.resolve(arg), true);
        } catch (InvalidPathException e) {
            throw ShmException.usage("segment name " + SafeText.quote(arg) + " cannot be a file name here (" + e.getReason()
                    + "; is a UTF-8 locale set? LANG=C.UTF-8)");
        }
    }

    /** How messages refer to the segment: by the name the user gave. */
    @Override
    public String toString() {
        return "'" + arg + "'";
    }
}
