package shmkit.cli;

import java.util.List;

/** The names of shm's subcommands, for tools outside this package (tests, generators). */
public final class CommandNames {
    private CommandNames() {}

    public static List<String> all() {
        return Commands.NAMES;
    }
}
