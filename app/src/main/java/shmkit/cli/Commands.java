package shmkit.cli;

import java.util.List;

/**
 * The subcommands, by name. A switch rather than a map of constructor references: a call builds
 * only the command it runs, and no lambda machinery is started for it.
 */
final class Commands {
    /** In the order --help lists them. */
    static final List<String> NAMES = List.of("create", "write", "read", "watch");

    private Commands() {}

    static Subcommand create(String name, Io io) {
        return switch (name) {
            case "create" -> new CreateCommand(io);
            case "write" -> new WriteCommand(io);
            case "read" -> new ReadCommand(io);
            case "watch" -> new WatchCommand(io);
            default -> null;
        };
    }
}
