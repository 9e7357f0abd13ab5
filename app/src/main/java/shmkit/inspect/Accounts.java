package shmkit.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * User and group names for numeric ids, as ls and ipcs print them, from /etc/passwd and /etc/group
 * (read once, when a view needs a name the file system did not give: a System V segment's owner, a
 * process's). An id with no entry there (a directory service, a container's foreign id) is shown as
 * the number.
 */
final class Accounts {
    private static Map<Integer, String> users;
    private static Map<Integer, String> groups;

    private Accounts() {}

    static String user(int uid) {
        if (users == null) {
            users = read(Path.of("/etc/passwd"));
        }
        return users.getOrDefault(uid, Integer.toString(uid));
    }

    static String group(int gid) {
        if (groups == null) {
            groups = read(Path.of("/etc/group"));
        }
        return groups.getOrDefault(gid, Integer.toString(gid));
    }

    /** name:x:id:... lines; the first name for an id wins, as getpwuid's does. */
    static Map<Integer, String> read(Path file) {
        Map<Integer, String> names = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", 4);
                if (f.length >= 3) {
                    try {
                        names.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a line not in the form; skipped
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no file, or not text: numbers it is
        }
        return names;
    }
}
