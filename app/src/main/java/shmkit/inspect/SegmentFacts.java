package shmkit.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import shmkit.ShmException;
import shmkit.segment.Segments;

/**
 * What stat says about one file, read without following a link: size, mode, owner, identity and
 * last change, and (when asked) the bytes actually allocated to it, which for tmpfs is the memory it
 * holds: a segment of 1 GiB of which 4 KiB was ever written uses 4 KiB.
 *
 * @param mode      the permission bits (and setuid, setgid, sticky), as in {@code chmod}
 * @param allocated st_blocks * 512, or -1 when not known
 * @param modified  last change of the contents
 */
public record SegmentFacts(Path path, boolean regular, long size, long allocated, int mode, int uid,
                           String owner, int gid, String group, FileId id, Instant modified) {
    /** The file's facts, or null when nothing is there: one stat, which the "unix" view gives whole. */
    public static SegmentFacts statOrNull(Path path) {
        return new Stat().ofOrNull(path);
    }

    /**
     * Stats many files, naming each owner and group once: the JDK looks a name up at every stat that
     * asks for it (getpwuid reads /etc/passwd again), which for a folder of hundreds of segments
     * was most of list's time.
     */
    public static final class Stat {
        private static final String NUMBERS = "unix:mode,ino,dev,uid,gid,size,lastModifiedTime";
        private static final String WITH_NAMES = NUMBERS + ",owner,group";
        private final Map<Integer, String> owners = new HashMap<>();
        private final Map<Integer, String> groups = new HashMap<>();

        /** The file's facts, or null when nothing is there (any more). */
        public SegmentFacts ofOrNull(Path path) {
            Map<String, Object> unix = read(path, NUMBERS);
            if (unix == null) {
                return null;
            }
            int uid = (Integer) unix.get("uid");
            int gid = (Integer) unix.get("gid");
            String owner = owners.get(uid);
            String group = groups.get(gid);
            if (owner == null || group == null) {
                // Numbers and names from the same stat, so a chown in between cannot pair them wrongly.
                unix = read(path, WITH_NAMES);
                if (unix == null) {
                    return null;
                }
                uid = (Integer) unix.get("uid");
                gid = (Integer) unix.get("gid");
                owner = ((UserPrincipal) unix.get("owner")).getName();
                group = ((GroupPrincipal) unix.get("group")).getName();
                owners.put(uid, owner);
                groups.put(gid, group);
            }
            int stMode = (Integer) unix.get("mode");
            FileId id = FileId.ofDev((Long) unix.get("dev"), (Long) unix.get("ino"));
            return new SegmentFacts(path, (stMode & S_IFMT) == S_IFREG, (Long) unix.get("size"), -1,
                    stMode & 07777, uid, owner, gid, group, id, ((FileTime) unix.get("lastModifiedTime")).toInstant());
        }

        private static Map<String, Object> read(Path path, String attributes) {
            try {
                return Files.readAttributes(path, attributes, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw ShmException.failure("cannot look at " + path + ": " + Segments.reason(e), e);
            }
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    public SegmentFacts withAllocated(long bytes) {
        return new SegmentFacts(path, regular, size, bytes, mode, uid, owner, gid, group, id, modified);
    }

    /** "0600". */
    public String octalMode() {
        String digits = Integer.toOctalString(mode);
        return "0".repeat(Math.max(0, 4 - digits.length())) + digits;
    }

    /** "rw-------", as ls shows the permission bits (setuid, setgid and sticky as s/S and t/T). */
    public String permissions() {
        return Modes.rwx(mode);
    }

    public boolean othersCanRead() {
        return (mode & 04) != 0;
    }

    public boolean othersCanWrite() {
        return (mode & 02) != 0;
    }
}
