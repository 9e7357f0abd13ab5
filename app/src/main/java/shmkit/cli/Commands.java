package shmkit.cli;

import java.util.List;

/**
 * The subcommands, by name. A switch rather than a map of constructor references: a call builds
 * only the command it runs, and no lambda machinery is started for it.
 */
final class Commands {
    /** In the order --help lists them. */
    static final List<String> NAMES = List.of("create", "write", "read", "watch", "dump", "list", "info", "rm", "resize",
            "add", "cas", "layout", "lock", "shell", "completion", "demo");

    private Commands() {}

    static Subcommand create(String name, Io io) {
        return switch (name) {
            case "create" -> new CreateCommand(io);
            case "write" -> new WriteCommand(io);
            case "read" -> new ReadCommand(io);
            case "dump" -> new DumpCommand(io);
            case "list" -> new ListCommand(io);
            case "info" -> new InfoCommand(io);
            case "rm" -> new RmCommand(io);
            case "resize" -> new ResizeCommand(io);
            case "add" -> new AddCommand(io);
            case "cas" -> new CasCommand(io);
            case "layout" -> new LayoutCommand(io);
            case "lock" -> new LockCommand(io);
            case "shell" -> new ShellCommand(io);
            case "demo" -> new DemoCommand(io);
            case "completion" -> new CompletionCommand(io);
            case "watch" -> new WatchCommand(io);
            default -> null;
        };
    }
}
