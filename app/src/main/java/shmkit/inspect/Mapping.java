package shmkit.inspect;

/**
 * One line of /proc/PID/maps that maps a file we asked about.
 *
 * @param start   first address of the mapping in that process
 * @param end     address just past it
 * @param perms   "rw-s": read, write, execute, s(hared) or p(rivate copy-on-write)
 * @param offset  file offset of the first mapped byte
 * @param path    the path as the kernel shows it, without the " (deleted)" mark
 * @param deleted whether the file's name was removed while it stays mapped
 */
public record Mapping(long pid, long start, long end, String perms, long offset, FileId file, String path,
                      boolean deleted) {
    public long length() {
        return end - start;
    }

    /** The file offset just past the mapped part. */
    public long fileEnd() {
        return offset + length();
    }
}
