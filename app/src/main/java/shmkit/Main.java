package shmkit;

import shmkit.cli.Cli;
import shmkit.cli.Io;

/** The shm command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Io io = Io.system();
        int status = run(args, io);
        // halt, not exit: System.exit starts the JDK's logging framework to log the exit event, several
        // milliseconds on every call. Output is flushed by now, and shm registers no shutdown hook
        // that a normal end needs (an interrupt still runs them: it goes through exit).
        Runtime.getRuntime().halt(status);
    }

    /** Runs a command line; never throws: a bug is still one line (the trace with SHM_DEBUG=1). */
    public static int run(String[] args, Io io) {
        try {
            return Cli.run(args, io);
        } catch (Throwable t) {
            return Cli.internalError(t, io);
        }
    }
}
