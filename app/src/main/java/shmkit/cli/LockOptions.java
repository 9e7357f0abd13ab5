package shmkit.cli;

import java.time.Duration;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.ops.LockSpec;

/**
 * --lock and --lock-timeout, for commands that touch bytes other programs may be changing: a POSIX
 * record lock (fcntl) on exactly the bytes touched, shared to read and exclusive to write.
 */
final class LockOptions {
    private final Subcommand command;
    private final OptionSpec lock;
    private final OptionSpec timeout;

    LockOptions(Subcommand command, boolean writes) {
        this.command = command;
        this.lock = command.flag("Hold " + (writes ? "an exclusive" : "a shared")
                + " POSIX record lock (fcntl) on exactly the bytes touched, waiting for it; other programs "
                + "using fcntl or lockf locks (C, Python) exclude us and we them.", "--lock");
        this.timeout = command.option(OptionSpec.builder("--lock-timeout").paramLabel("DURATION").type(Duration.class)
                .converters(new DurationConverter())
                .description("With --lock: give up after this long (500ms, 10s, 2m), exit 124."));
    }

    /** What --lock and --lock-timeout ask for; --lock-timeout alone is a usage error. */
    LockSpec spec() {
        if (!command.isSet(lock)) {
            if (command.given(timeout)) {
                throw command.usageError("--lock-timeout goes with --lock");
            }
            return LockSpec.NONE;
        }
        return new LockSpec(true, timeout.getValue());
    }
}
