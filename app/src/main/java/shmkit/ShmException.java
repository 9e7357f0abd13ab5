package shmkit;

/**
 * The one failure type of shm: a {@link Reason} that code branches on, an exit status that follows
 * from the reason, and a one-line message naming the problem and the value, for people only. The
 * CLI prints the message alone (the trace only with SHM_DEBUG=1). Like {@code java.nio.file}'s
 * exception types or Rust's {@code io::ErrorKind}: callers test {@link #reason()}, never the text.
 */
public final class ShmException extends RuntimeException {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int TIMEOUT = 124;
    public static final int INTERRUPTED = 130;

    /** Why a command failed; each reason has its exit status. */
    public enum Reason {
        /** Options that do not go together, a missing argument: the usage is wrong (exit 2). */
        BAD_USAGE(USAGE),
        /** A value that cannot be used: a size, a name, a spec, a dump line (exit 2). */
        BAD_VALUE(USAGE),
        /** An offset or length outside the segment (exit 2). */
        OUT_OF_RANGE(USAGE),
        /** Nothing by that name. */
        NOT_FOUND(FAILURE),
        /** A create found the name taken. */
        ALREADY_EXISTS(FAILURE),
        /** The name holds something that is not a segment: a folder, a link, a FIFO, a device. */
        NOT_A_SEGMENT(FAILURE),
        /** The system refused access. */
        PERMISSION_DENIED(FAILURE),
        /** The file system is full, or would be. */
        NO_SPACE(FAILURE),
        /** The segment became shorter while in use. */
        SHRANK(FAILURE),
        /** The segment's name was removed while in use. */
        REMOVED(FAILURE),
        /** The segment's name now holds another file. */
        REPLACED(FAILURE),
        /** Refused because others use it (maps the part a shrink cuts, holds a lock this process holds). */
        BUSY(FAILURE),
        /** An input or output error the system reported. */
        IO_ERROR(FAILURE),
        /** Any other runtime failure. */
        FAILED(FAILURE),
        /** --timeout or --lock-timeout ran out (exit 124). */
        TIMED_OUT(TIMEOUT),
        /** SIGINT or SIGTERM (exit 130, or 128 + the signal). */
        INTERRUPTED(ShmException.INTERRUPTED),
        /** Standard output was closed by its reader ("| head"): ends quietly, exit 0. */
        CLOSED_PIPE(OK),
        /** Ends with a status decided elsewhere, told already (the child of 'shm lock'). */
        EXIT_STATUS(FAILURE);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** The segment is not what was opened any more: shrunk, removed or replaced. */
        public boolean changedUnderUs() {
            return this == SHRANK || this == REMOVED || this == REPLACED;
        }
    }

    private final Reason reason;
    private final int status;

    public ShmException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ShmException(Reason reason, String message, Throwable cause) {
        this(reason, reason.status(), message, cause);
    }

    private ShmException(Reason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    /** A runtime failure (exit 1) with no more specific reason. */
    public static ShmException failure(String message) {
        return new ShmException(Reason.FAILED, message);
    }

    public static ShmException failure(String message, Throwable cause) {
        return new ShmException(Reason.FAILED, message, cause);
    }

    /** Bad input (exit 2): a value that cannot be used, found after parsing. */
    public static ShmException usage(String message) {
        return new ShmException(Reason.BAD_VALUE, message);
    }

    /** Standard output's reader went away: the command ends quietly. */
    public static ShmException closedPipe() {
        return new ShmException(Reason.CLOSED_PIPE, null);
    }

    /** Ends the command silently with this status (the child's, for 'shm lock'). */
    public static ShmException exit(int status) {
        return new ShmException(Reason.EXIT_STATUS, status, null, null);
    }

    /** Interrupted by signal {@code signal} (2 for SIGINT, 15 for SIGTERM): exit 128 + signal. */
    public static ShmException interrupted(int signal, String message) {
        return new ShmException(Reason.INTERRUPTED, 128 + signal, message, null);
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return status;
    }

    /** Nothing to print: the status says it all, or it was said already. */
    public boolean isQuiet() {
        return getMessage() == null;
    }
}
