package shmkit.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ShmException;
import shmkit.segment.Region;
import shmkit.segment.Segments;

/** shm lock: runs a command while holding a POSIX record lock on a region, as flock(1) does for files. */
final class LockCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this, "Bytes to lock (default: to the end of the segment).");
    private final OptionSpec shared;
    private final OptionSpec timeout;
    private final PositionalParamSpec command;

    LockCommand(Io io) {
        super(io, "lock", "Run a command while holding a lock on a region.",
                "The lock is a POSIX record lock (fcntl) on exactly the bytes given, exclusive unless --shared; "
                        + "C programs using fcntl and Python using fcntl.lockf wait for it, and it for them. "
                        + "The command's exit status is shm's.");
        shared = flag("Take a shared (read) lock: other shared locks may be held at the same time.", "--shared");
        timeout = option(OptionSpec.builder("--lock-timeout", "--timeout").paramLabel("DURATION").type(Duration.class)
                .converters(new DurationConverter()).description("Give up waiting after this long (500ms, 10s), exit 124."));
        command = positional(PositionalParamSpec.builder().index("1..*").arity("1..*").required(true)
                .paramLabel("COMMAND").type(String[].class).description("The command to run, after '--'."));
        examples("shm lock demo --offset 0 --length 64 -- shm write demo --offset 0 --fill 0 --length 64",
                "shm lock demo --shared --lock-timeout 2s -- sh -c 'shm read demo -l 64 | xxd'");
    }

    @Override
    protected int run() throws Exception {
        String[] argv = command.getValue();
        boolean read = isSet(shared);
        try (Region region = segment.open(read ? Segments.Access.READ : Segments.Access.WRITE)) {
            long offset = segment.offset();
            long length = segment.length(region);
            Duration limit = timeout.getValue();
            try (AutoCloseable held = region.lock(offset, length, read, limit == null ? -1 : limit.toNanos())) {
                io.flush();
                Process process;
                try {
                    process = new ProcessBuilder(List.of(argv)).inheritIO().start();
                } catch (IOException e) {
                    String why = String.valueOf(e.getMessage());
                    throw ShmException.failure("cannot run '" + argv[0] + "': "
                            + (why.contains("error: 2") || why.contains("error=2") ? "no such command" : why));
                }
                return process.waitFor();
            }
        }
    }
}
