package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/**
 * The committed man pages (docs/man) are what the command model makes today, and man renders each.
 * With -Dshm.man.update=true (scripts/man) the first test writes docs/man instead of comparing.
 */
class ManPagesTest {
    static final Path DOCS = Shm.root().resolve("docs/man");

    @TempDir
    Path dir;

    /**
     * Runs ManPages in its own JVM on C1 alone: Asciidoctor is Ruby on JRuby, whose start-up takes
     * 8 s with C2 compiling beside it on two cores and 3 s without (and its warnings stay out of ours).
     */
    private Map<String, String> generate(Path into) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CommandRun run = Shm.exec(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), ManPages.class.getName(), into.toString()), null, Map.of());
        assertEquals(0, run.exit(), run::toString);
        return read(into);
    }

    private static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> pages = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (var files = Files.newDirectoryStream(folder, "*.1")) {
                for (Path file : files) {
                    pages.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        }
        return pages;
    }

    @Test
    void the_committed_man_pages_are_those_the_commands_make() throws IOException {
        if (Boolean.getBoolean("shm.man.update")) {
            generate(DOCS);
            return;
        }
        Map<String, String> made = generate(dir);
        Map<String, String> committed = read(DOCS);
        assertEquals(made.keySet(), committed.keySet(), "docs/man has other pages than the commands make: run scripts/man");
        for (var page : made.entrySet()) {
            assertEquals(page.getValue(), committed.get(page.getKey()),
                    "docs/man/" + page.getKey() + " is out of date: run scripts/man");
        }
    }

    @Test
    void man_renders_every_committed_page_without_a_warning() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "man is not installed");
        Map<String, String> pages = read(DOCS);
        assertTrue(pages.containsKey("shm.1") && pages.containsKey("shm-create.1"), () -> "pages: " + pages.keySet());
        List<String> failures = new ArrayList<>();
        for (String page : pages.keySet()) {
            CommandRun run = Shm.exec(List.of("man", "--warnings", "-l", DOCS.resolve(page).toString()), null,
                    Map.of("MANWIDTH", "80", "MAN_KEEP_FORMATTING", ""));
            String title = page.replaceFirst("\\.1$", "").toUpperCase(java.util.Locale.ROOT) + "(1)";
            if (run.exit() != 0 || !run.err().isEmpty() || !run.out().startsWith(title) || !run.out().contains("SYNOPSIS")) {
                failures.add(page + ": " + run);
            }
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void the_pages_carry_no_date_so_regenerating_changes_nothing() throws IOException {
        String page = read(DOCS).get("shm.1");
        assertFalse(page.contains("Date:"), page.lines().limit(10).toList()::toString);
        assertTrue(page.contains(".TH \"SHM\" \"1\" \"\""), page.lines().limit(12).toList()::toString);
    }
}
