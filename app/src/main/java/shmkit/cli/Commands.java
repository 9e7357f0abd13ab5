package shmkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subcommands: their names, how each is built, and which family each belongs to. A family is
 * the JDK AOT cache a command starts from and whether it keeps the C2 compiler; this table is the
 * one place that says so: the launcher's case table is generated from it ({@link #launchTable},
 * checked by LaunchTableTest) and the AOT training trains each family it names.
 */
public final class Commands {
    /** A family: the AOT cache for plain use, the one when typed (--as or --layout), and whether C2 pays off. */
    public record Family(String plain, String typed, boolean longRunning) {}

    private static final Family BYTES = new Family("bytes", "core", false);
    private static final Family CORE = new Family("core", "core", false);

    /** In the order --help lists them. */
    static final Map<String, Family> FAMILIES = families();

    static final List<String> NAMES = List.copyOf(FAMILIES.keySet());

    private static Map<String, Family> families() {
        Map<String, Family> families = new LinkedHashMap<>();
        families.put("create", BYTES);
        families.put("write", BYTES);
        families.put("read", BYTES);
        families.put("watch", new Family("watch", "watch", true));
        // dump keeps C2 for big dumps; the launcher drops it for a --length of a few digits (a short peek).
        families.put("dump", new Family("dump", "dump", true));
        families.put("list", new Family("inspect", "inspect", false));
        families.put("info", new Family("inspect", "inspect", false));
        families.put("rm", BYTES);
        families.put("resize", BYTES);
        families.put("add", CORE);
        families.put("cas", CORE);
        families.put("layout", CORE);
        families.put("lock", CORE);
        families.put("shell", new Family("shell", "shell", true));
        families.put("completion", CORE);
        families.put("demo", CORE);
        return families;
    }

    private Commands() {}

    /** The names of shm's subcommands, for tools outside this package (tests, generators). */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The cache a byte or inspect command starts from when it names a segment of another kind
     * (sysv:, pid:, memfd:) or lists them (list --kind, --all): the launcher picks it from the
     * arguments (scripts/lib/launch.sh), so that those kinds' classes cost a POSIX call nothing.
     */
    public static final String KINDS = "kinds";

    /**
     * The cache list and info start from with --no-used (the launcher picks it from the arguments):
     * without the FFM linker, whose ~250 classes the inspect cache holds for USED (statx) and which
     * would load at every start of it, ~10 ms of a call that asked not to measure USED.
     */
    public static final String INSPECT_NO_USED = "inspect-no-used";

    /** Every AOT cache some command starts from, each once, in order of first use; the kinds' last. */
    public static List<String> cacheFamilies() {
        List<String> all = new ArrayList<>();
        for (Family family : FAMILIES.values()) {
            for (String name : List.of(family.plain(), family.typed())) {
                if (!all.contains(name)) {
                    all.add(name);
                }
            }
        }
        all.add(INSPECT_NO_USED);
        all.add(KINDS);
        return all;
    }

    /**
     * The launcher's table (POSIX sh, in scripts/lib/launch.sh between its generated markers): sets
     * shm_family, shm_typed (the family with --as/--layout) and shm_c2 for the command in $1.
     */
    public static String launchTable() {
        StringBuilder out = new StringBuilder("  case ${1:-} in\n");
        Map<Family, List<String>> byFamily = new LinkedHashMap<>();
        FAMILIES.forEach((name, family) -> byFamily.computeIfAbsent(family, f -> new ArrayList<>()).add(name));
        byFamily.forEach((family, names) -> out.append("    ").append(String.join("|", names))
                .append(") shm_family=").append(family.plain()).append(" shm_typed=").append(family.typed())
                .append(" shm_c2=").append(family.longRunning() ? 1 : 0).append(" ;;\n"));
        return out.append("    *) shm_family=core shm_typed=core shm_c2=0 ;;\n  esac\n").toString();
    }

    /**
     * A switch rather than a map of constructor references: a call builds only the command it runs,
     * and no lambda machinery is started for it.
     */
    static Subcommand create(String name, Context context) {
        return switch (name) {
            case "create" -> new CreateCommand(context);
            case "write" -> new WriteCommand(context);
            case "read" -> new ReadCommand(context);
            case "dump" -> new DumpCommand(context);
            case "list" -> new ListCommand(context);
            case "info" -> new InfoCommand(context);
            case "rm" -> new RmCommand(context);
            case "resize" -> new ResizeCommand(context);
            case "add" -> new AddCommand(context);
            case "cas" -> new CasCommand(context);
            case "layout" -> new LayoutCommand(context);
            case "lock" -> new LockCommand(context);
            case "shell" -> new ShellCommand(context);
            case "demo" -> new DemoCommand(context);
            case "completion" -> new CompletionCommand(context);
            case "watch" -> new WatchCommand(context);
            default -> null;
        };
    }
}
