package shmkit.inspect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which file system a path lives on, from /proc/self/mountinfo: tmpfs (memory) or a disk file system. */
public final class Mounts {
    /** File systems whose files live in memory and vanish at reboot. */
    private static final Set<String> MEMORY = Set.of("tmpfs", "ramfs", "hugetlbfs", "devtmpfs");

    private Mounts() {}

    /**
     * One mount.
     *
     * @param device "major:minor" of the mounted file system
     * @param type   "tmpfs", "ext4", ...
     * @param source what was mounted ("/dev/vda1", "tmpfs")
     */
    public record Mount(String device, Path mountPoint, String type, String source) {
        public boolean inMemory() {
            return MEMORY.contains(type);
        }
    }

    /**
     * Lines such as {@code 25 24 0:23 / /dev/shm rw,relatime shared:3 - tmpfs tmpfs rw,size=100k}: the
     * fields after " - " are the type and the source; the mount point has spaces escaped as \040.
     */
    public static List<Mount> parse(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            try {
                mounts.add(new Mount(f[2], Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2])));
            } catch (java.nio.file.InvalidPathException e) {
                // a mount point Java cannot name cannot hold a path we were given either
            }
        }
        return mounts;
    }

    /**
     * The mount holding {@code path} (absolute, links in its folders resolved): the longest mount
     * point that contains it; of equal ones the last, which is mounted on top. Null when none does.
     */
    public static Mount find(List<Mount> mounts, Path path) {
        Mount best = null;
        for (Mount mount : mounts) {
            if (path.startsWith(mount.mountPoint())
                    && (best == null || mount.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = mount;
            }
        }
        return best;
    }

    /** mountinfo writes space, tab, newline and backslash as three octal digits (\040). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
