package shmkit.inspect;

/**
 * One lock from /proc/locks on a file we asked about, e.g.
 * {@code 1: POSIX  ADVISORY  WRITE 1234 00:1b:37 0 EOF}.
 *
 * @param type    POSIX (fcntl F_SETLK, lockf), OFDLCK (fcntl F_OFD_SETLK), FLOCK (flock), LEASE, ...
 * @param access  READ or WRITE
 * @param pid     the holder; -1 when the kernel does not tie it to one process (open file description locks)
 * @param end     last locked byte, or -1 for "to the end of the file, however large" (EOF)
 * @param waiting true for a process blocked waiting for this lock ("->" in /proc/locks)
 */
public record HeldLock(String type, String access, long pid, FileId file, long start, long end, boolean waiting) {
    /** "bytes 0-EOF" or "bytes 0-99". */
    public String range() {
        return "bytes " + start + "-" + (end < 0 ? "EOF" : Long.toString(end));
    }
}
