package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Peers;
import shmkit.testing.Shm;
import shmkit.testing.Spawned;

/**
 * shm watch beside the real inotifywait (inotify-tools), both watching one file while a Python
 * process writes it with pwrite (inotify sees write(2), not stores through a mapping), then removes
 * or renames it: the same --timefmt renders the same text (each as date(1) renders its instant), and
 * each event inotifywait reports has its counterpart in shm's output: MODIFY a value line,
 * DELETE_SELF and MOVE_SELF "# removed" (the name no longer holds the file).
 */
class WatchInotifyIT {
    private static final Duration LONG = Duration.ofSeconds(30);
    /** A zone of half hours with summer time, and every field inotifywait's strftime and shm share. */
    private static final String ZONE = "America/St_Johns";
    private static final String FORMAT = "%Y-%m-%d %H:%M:%S %z %Z %a %b %e %j %I%p %s";

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void setUp() {
        Peers.require("inotifywait", "date");
        file = dir.resolve("watched");
        CommandRun create = new Shm(dir).process("create", file.toString(), "--size", "16");
        assertEquals(0, create.exit(), create::toString);
    }

    private Spawned inotifywait() {
        Spawned peer = Spawned.start(List.of("inotifywait", "-m", "-e", "modify", "-e", "delete_self", "-e", "move_self",
                "--timefmt", FORMAT, "--format", "%T %e", file.toString()), Map.of("TZ", ZONE, "LC_ALL", "C"));
        peer.awaitErr("Watches established.", LONG);
        return peer;
    }

    private Spawned shmWatch() {
        return Spawned.start(List.of(Shm.launcher().toString(), "watch", file.toString(), "--text", "--events",
                "--timestamps", "--timefmt", FORMAT, "--timeout", "60s"), Map.of("TZ", ZONE));
    }

    private void python(String script) {
        CommandRun run = Shm.exec(List.of("python3", "-c", script, file.toString()), null, Map.of());
        assertEquals(0, run.exit(), run::toString);
    }

    private void pwrite(String text) {
        python("import os, sys\nfd = os.open(sys.argv[1], os.O_RDWR)\nos.pwrite(fd, b'" + text + "', 0)\nos.close(fd)");
    }

    /** A line as STAMP and what follows the stamp, the stamp checked against date(1) for its own instant. */
    private static String[] split(String line, String what) {
        assertTrue(line.endsWith(" " + what), line + " ends with " + what);
        String stamp = line.substring(0, line.length() - what.length() - 1);
        String seconds = stamp.substring(stamp.lastIndexOf(' ') + 1);
        CommandRun date = Shm.exec(List.of("date", "-d", "@" + seconds, "+" + FORMAT), null, Map.of("TZ", ZONE, "LC_ALL", "C"));
        assertEquals(date.out().strip(), stamp, "as date renders " + seconds + " in " + ZONE);
        return new String[] {seconds, what};
    }

    /**
     * Each inotifywait event beside shm's line for it, which shows {@code shown} after its stamp: a
     * MODIFY is a value line, DELETE_SELF and MOVE_SELF are "# removed"; the two seen within 2 s.
     */
    private static void assertCounterparts(List<String> peer, List<String> ours, List<String> shown) {
        assertEquals(peer.size(), ours.size(), "one shm line for each event:\n" + peer + "\n" + ours);
        for (int i = 0; i < peer.size(); i++) {
            String event = peer.get(i).substring(peer.get(i).lastIndexOf(' ') + 1);
            String counterpart = switch (event) {
                case "MODIFY" -> shown.get(i).startsWith("#") ? "a value line" : shown.get(i);
                case "DELETE_SELF", "MOVE_SELF" -> "# removed";
                default -> throw new AssertionError("an event not asked for: " + peer.get(i));
            };
            assertEquals(counterpart, shown.get(i), "shm's line for " + event);
            String[] theirs = split(peer.get(i), event);
            String[] mine = split(ours.get(i), shown.get(i));
            long apart = Math.abs(Long.parseLong(theirs[0]) - Long.parseLong(mine[0]));
            assertTrue(apart <= 2, "seen " + apart + " s apart: " + peer.get(i) + " / " + ours.get(i));
        }
    }

    @Test
    void writes_and_a_removal_are_a_value_line_each_and_removed_as_inotifywait_reports_modify_and_delete_self()
            throws IOException {
        try (Spawned peer = inotifywait(); Spawned watch = shmWatch()) {
            String first = watch.nextLine(LONG);
            split(first, "");
            List<String> peerLines = new ArrayList<>();
            List<String> ourLines = new ArrayList<>();
            for (String text : List.of("one", "two")) {
                pwrite(text);
                peerLines.add(peer.nextLine(LONG));
                ourLines.add(watch.nextLine(LONG));
                assertTrue(ourLines.getLast().endsWith(" " + text), ourLines.toString());
            }
            python("import os, sys; os.unlink(sys.argv[1])");
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("shm: watch: '" + file + "' was removed while in use; stopped"), run.errLines());
            ourLines.add(run.out().lines().toList().getLast());
            // The kernel says DELETE_SELF once the last mapping of the file is gone: shm's, as it ends.
            peerLines.add(peer.nextLine(LONG));
            assertEquals(List.of("MODIFY", "MODIFY", "DELETE_SELF"),
                    peerLines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList(), peerLines::toString);
            assertCounterparts(peerLines, ourLines, List.of("one", "two", "# removed"));
            assertEquals(List.of(first, ourLines.get(0), ourLines.get(1), ourLines.get(2)), run.out().lines().toList());
        }
    }

    @Test
    void a_rename_away_is_removed_for_shm_which_watches_the_name_as_inotifywait_reports_move_self() throws IOException {
        try (Spawned peer = inotifywait(); Spawned watch = shmWatch()) {
            watch.nextLine(LONG);
            python("import os, sys; os.rename(sys.argv[1], sys.argv[1] + '.moved')");
            String peerLine = peer.nextLine(LONG);
            CommandRun run = watch.await(LONG);
            assertEquals(1, run.exit(), run::toString);
            assertEquals(List.of("shm: watch: '" + file + "' was removed while in use; stopped"), run.errLines());
            assertTrue(peerLine.endsWith(" MOVE_SELF"), peerLine);
            assertCounterparts(List.of(peerLine), List.of(run.out().lines().toList().getLast()), List.of("# removed"));
        }
    }
}
