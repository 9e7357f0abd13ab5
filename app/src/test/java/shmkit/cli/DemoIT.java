package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** shm demo through the real launcher: two processes, narrated in order, nothing left behind. */
class DemoIT {
    @TempDir
    Path dir;

    private List<String> leftIn(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void the_parent_writes_and_the_child_wakes_and_reads_then_the_segment_is_gone() throws IOException {
        CommandRun run = new Shm(dir).process("demo", "--pause", "0");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("", run.err(), run::toString);
        List<String> lines = run.out().lines().toList();
        List<String> expected = List.of("[parent] creates segment", "[parent] starts the child", "[child]  opens",
                "[parent] reads the segment", "[parent]   00000000: 0000 0000", "[parent] fills it with 100 'a' bytes",
                "[child]  wakes up", "[child]    " + "a".repeat(100), "[child]  done", "[parent] the child has ended");
        int at = 0;
        for (String start : expected) {
            while (at < lines.size() && !lines.get(at).startsWith(start)) {
                at++;
            }
            assertTrue(at < lines.size(), () -> "no line starting '" + start + "' in its place:\n" + run);
        }
        assertEquals(List.of(), leftIn(dir));
        // The step says 'shm read NAME | xxd': the lines under it are what xxd prints for 100 zero bytes.
        List<String> shown = lines.stream().filter(line -> line.matches("\\[parent\\]   [0-9a-f]{8}: .*"))
                .map(line -> line.substring("[parent]   ".length())).toList();
        CommandRun xxd = Shm.exec(List.of("xxd"), new byte[100], java.util.Map.of());
        // scripts/test installs xxd; a missing peer fails here rather than passing on a weaker check.
        assertEquals(0, xxd.exit(), () -> "xxd (installed by scripts/test): " + xxd);
        assertEquals(xxd.out().lines().toList(), shown, run::toString);
    }

    @Test
    void an_interrupted_demo_removes_its_segment_and_its_child() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Shm.launcher().toString(), "demo", "--pause", "1500")
                .redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("SHM_DIR", dir.toString());
        Process demo = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        long childPid = -1;
        for (String line; (line = out.readLine()) != null && !line.startsWith("[child]"); ) {
            seen.add(line);
            Matcher pid = Pattern.compile("\\(pid (\\d+)\\)").matcher(line);
            if (pid.find()) {
                childPid = Long.parseLong(pid.group(1));
            }
        }
        assertTrue(childPid > 0, () -> "the parent names its child's pid: " + seen);
        assertEquals(1, leftIn(dir).size(), "the segment exists while the demo runs");

        new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
        assertTrue(demo.waitFor(30, TimeUnit.SECONDS));
        String err = new String(demo.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(130, demo.exitValue(), err);
        assertTrue(err.contains("interrupted; removed"), err);
        assertEquals(List.of(), leftIn(dir));
        var child = ProcessHandle.of(childPid);
        if (child.isPresent()) {
            child.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false), "the child is gone");
    }
}
