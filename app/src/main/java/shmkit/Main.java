package shmkit;

import shmkit.cli.Cli;
import shmkit.cli.Io;

/** The shm command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Io io = Io.system();
        int status;
        try {
            status = Cli.run(args, io);
        } catch (Throwable t) {
            // A bug: still one line, and the trace only when asked for.
            io.err().println("shm: internal error: " + t + (io.debug() ? "" : " (SHM_DEBUG=1 shows the trace)"));
            if (io.debug()) {
                t.printStackTrace(io.err());
            }
            io.err().flush();
            status = ShmException.FAILURE;
        }
        System.exit(status);
    }
}
