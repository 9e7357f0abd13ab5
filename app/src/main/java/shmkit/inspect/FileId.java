package shmkit.inspect;

/**
 * A file's identity as the kernel reports it in /proc/PID/maps and /proc/locks: device major and
 * minor numbers and the inode. Matching by identity rather than by path finds a mapping even after
 * its name was removed (maps then says "(deleted)") or when it was mapped through another path.
 */
public record FileId(long major, long minor, long inode) {
    /** From a stat st_dev as glibc encodes it (gnu_dev_major / gnu_dev_minor). */
    public static FileId ofDev(long dev, long inode) {
        long major = (dev >>> 8 & 0xfffL) | (dev >>> 32 & 0xfffff000L);
        long minor = (dev & 0xffL) | (dev >>> 12 & 0xffffff00L);
        return new FileId(major, minor, inode);
    }

    // Written out: a record's own equals and hashCode are bootstrapped by invokedynamic
    // (ObjectMethods), which the AOT cache does not keep; their first use spun a dozen method-handle
    // classes, ~20 ms of list's run, and FileId is the key of every map scan.
    @Override
    public boolean equals(Object o) {
        return o instanceof FileId f && f.inode == inode && f.major == major && f.minor == minor;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(inode * 31 + major * 17 + minor);
    }

    /** "0:27", the way stat and mountinfo write a device. */
    public String device() {
        return major + ":" + minor;
    }
}
