package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static shmkit.testing.CommandRun.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/**
 * scripts/shm itself, in copies of the tree (its scripts, and links to the built jar and AOT cache),
 * so that what a test makes it remember stays there: which JDK it finds, the one line when there is
 * none, a path with spaces, and that a call execs the JVM and nothing else.
 */
class LauncherIT {
    @TempDir
    Path dir;

    /** The launcher of a new copy of the tree at {@code dir/name}; nothing remembered yet. */
    private Path copyOfTree(String name) throws IOException {
        Path root = dir.resolve(name);
        for (String script : List.of("scripts/shm", "scripts/lib/launch.sh", "scripts/lib/prepare", "scripts/lib/jdk.sh",
                "scripts/lib/jvm-options")) {
            Path copy = root.resolve(script);
            Files.createDirectories(copy.getParent());
            Files.copy(Shm.root().resolve(script), copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path target = Shm.root().resolve("app/target");
        Files.createDirectories(root.resolve("app/target"));
        try (Stream<Path> built = Files.list(target)) {
            for (Path file : built.filter(file -> file.getFileName().toString().matches("shm\\.jar|lib|shm-.*\\.aot")).toList()) {
                Files.createSymbolicLink(root.resolve("app/target").resolve(file.getFileName()), file);
            }
        }
        return root.resolve("scripts/shm");
    }

    private static String remembered(Path launcher) throws IOException {
        return Files.readString(launcher.getParent().getParent().resolve("app/target/shm.java"));
    }

    /** The major version a JDK's release file names, or 0. */
    private static int majorVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isReadable(release)) {
            return 0;
        }
        Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
        return version.find() ? Integer.parseInt(version.group(1)) : 0;
    }

    /** A JDK older than 25 on this machine, if there is one (the default java here is 17). */
    private static Path olderJdk() throws IOException {
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path home : homes.sorted().toList()) {
                int major = majorVersion(home);
                if (major > 0 && major < 25 && Files.isExecutable(home.resolve("bin/java"))) {
                    return home;
                }
            }
        }
        return null;
    }

    @Test
    void finds_a_jdk_25_in_usr_lib_jvm_when_java_home_and_path_name_an_older_one() throws IOException {
        Path older = olderJdk();
        assumeTrue(older != null, "no JDK older than 25 in /usr/lib/jvm");
        Path launcher = copyOfTree("tree");
        CommandRun run = ok(Shm.exec(List.of(launcher.toString(), "--version"), null,
                Map.of("JAVA_HOME", older.toString(), "PATH", older.resolve("bin") + ":/usr/bin:/bin")));
        assertEquals("shm " + Cli.VERSION + "\n", run.out(), run::toString);
        String java = remembered(launcher).lines().toList().get(1);
        assertFalse(java.startsWith(older.toString()), "remembered " + java);
        assertTrue(majorVersion(Path.of(java).getParent().getParent()) >= 25, "remembered " + java);
    }

    @Test
    void says_in_one_line_that_there_is_no_jdk_25() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "hiding /usr/lib/jvm takes a mount namespace (root)");
        Path launcher = copyOfTree("tree");
        // /usr/lib/jvm hidden under an empty tmpfs, in a mount namespace of the test's own
        CommandRun run = Shm.exec(List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs none /usr/lib/jvm && exec \"$0\" --version", launcher.toString()), null,
                Map.of("JAVA_HOME", "", "PATH", "/usr/bin:/bin"));
        assertEquals(1, run.exit(), run::toString);
        assertEquals("", run.out(), run::toString);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("shm: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*"),
                run::toString);
        assertTrue(lines.get(0).endsWith("install one and set JAVA_HOME"), run::toString);
    }

    @Test
    void runs_through_a_symlink_in_any_bin_folder_and_a_chain_of_relative_ones() throws IOException {
        Path launcher = copyOfTree("a tree");
        Path bin = Files.createDirectories(dir.resolve("home/bin"));
        Path other = Files.createDirectories(dir.resolve("home/other bin"));
        Files.createSymbolicLink(bin.resolve("shm"), launcher);                // ln -s .../scripts/shm ~/bin/shm
        Files.createSymbolicLink(other.resolve("shm2"), Path.of("../bin/shm")); // a relative link to that link
        String version = "shm " + Cli.VERSION + "\n";
        assertEquals(version, ok(Shm.exec(List.of(bin.resolve("shm").toString(), "--version"), null, Map.of())).out());
        assertEquals(version, ok(Shm.exec(List.of(other.resolve("shm2").toString(), "--version"), null, Map.of())).out());
        // Found on PATH, as a user types it; and from its own folder, as 'sh shm2'.
        assertEquals(version, ok(Shm.exec(List.of("sh", "-c", "shm --version"), null,
                Map.of("PATH", bin + ":/usr/bin:/bin"))).out());
        assertEquals(version, ok(Shm.exec(List.of("sh", "-c", "cd \"$0\" && sh shm2 --version", other.toString()), null,
                Map.of())).out());
        // Where there is no readlink, ls says where a link points (the launcher's only other way).
        Path lsOnly = Files.createDirectories(dir.resolve("ls-only"));
        Files.createSymbolicLink(lsOnly.resolve("ls"), Path.of("/bin/ls"));
        assertEquals(version, ok(Shm.exec(List.of("/bin/sh", other.resolve("shm2").toString(), "--version"), null,
                Map.of("PATH", lsOnly.toString()))).out());
    }

    @Test
    void runs_from_a_path_with_spaces_and_uses_its_aot_cache() throws IOException {
        Path launcher = copyOfTree("a tree with spaces");
        Path classLog = dir.resolve("classes.log");
        Map<String, String> env = Map.of("SHM_DIR", dir.toString(), "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog);
        ok(Shm.exec(List.of(launcher.toString(), "create", "seg", "--size", "16"), null, env));
        ok(Shm.exec(List.of(launcher.toString(), "write", "seg", "spaced"), null, env));
        assertEquals("spaced\n", ok(Shm.exec(List.of(launcher.toString(), "read", "seg", "--text"), null, env)).out());
        assertTrue(Files.readString(classLog).contains("shmkit.cli.Cli source: shared objects file"),
                "the AOT cache is used from a path with spaces");
    }

    @Test
    void byte_commands_and_typed_values_each_start_from_a_cache_that_holds_their_classes() throws IOException {
        Path launcher = copyOfTree("tree");
        Path plain = dir.resolve("plain.log");
        Path typed = dir.resolve("typed.log");
        ok(Shm.exec(List.of(launcher.toString(), "create", "seg", "--size", "16"), null, Map.of("SHM_DIR", dir.toString())));
        ok(Shm.exec(List.of(launcher.toString(), "read", "seg", "-l", "4"), null,
                Map.of("SHM_DIR", dir.toString(), "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + plain)));
        ok(Shm.exec(List.of(launcher.toString(), "read", "seg", "--as", "u32"), null,
                Map.of("SHM_DIR", dir.toString(), "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + typed)));
        String bytes = Files.readString(plain);
        assertTrue(bytes.contains("shmkit.cli.ReadCommand source: shared objects file"), "a plain read starts from a cache");
        assertFalse(bytes.contains("shmkit.value.ValueFormat "), "a plain read loads none of what prints typed values");
        // The other kinds of segment load only when named (issue 16): a POSIX read pays nothing for them.
        // Kinds, whose forms a "no segment" error names, may come with the AOT cache, never from the jar.
        assertFalse(bytes.contains("shmkit.segment.Kinds source: file:") || bytes.contains("shmkit.segment.Kinds source: jar:"),
                "a plain read loads the kinds' names from the jar");
        for (String kind : List.of("shmkit.segment.Sysv ", "shmkit.segment.SysvBacking ",
                "shmkit.segment.ProcessMemory ", "shmkit.sys.SysvCalls ", "shmkit.inspect.AllMemory ", "shmkit.inspect.KindReport ")) {
            assertFalse(bytes.contains(kind), "a plain read loads " + kind);
        }
        Path sysv = dir.resolve("sysv.log");
        CommandRun missing = Shm.exec(List.of(launcher.toString(), "read", "sysv:0x7ffffffe"), null,
                Map.of("SHM_DIR", dir.toString(), "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + sysv));
        assertEquals(1, missing.exit(), missing::toString);
        assertTrue(Files.readString(sysv).contains("shmkit.segment.Sysv "), "the log names a kind's classes when one is used");
        assertTrue(Files.readString(typed).contains("shmkit.value.ValueFormat source: shared objects file"),
                "a typed read starts from the cache that holds typed values");
    }

    @Test
    void list_and_info_without_used_start_from_a_cache_without_the_ffm_linker() throws IOException {
        Path launcher = copyOfTree("tree");
        Map<String, String> env = Map.of("SHM_DIR", dir.toString());
        ok(Shm.exec(List.of(launcher.toString(), "create", "seg", "--size", "16"), null, env));
        String linker = "jdk.internal.foreign.abi.SharedUtils ";
        for (List<String> args : List.of(List.of("list", "--no-used"), List.of("info", "seg", "--no-used"),
                List.of("list"), List.of("info", "seg"))) {
            Path log = dir.resolve(String.join("-", args) + ".log");
            List<String> call = new java.util.ArrayList<>(List.of(launcher.toString()));
            call.addAll(args);
            ok(Shm.exec(call, null, Map.of("SHM_DIR", dir.toString(), "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log)));
            String loaded = Files.readString(log);
            assertTrue(loaded.contains("shmkit.inspect.Proc source: shared objects file"), args + " starts from a cache");
            if (args.contains("--no-used")) {
                assertFalse(loaded.contains(linker), args + " loads the FFM linker");
            } else {
                assertTrue(loaded.contains(linker + "source: shared objects file"), args + " finds the linker for USED in its cache");
            }
        }
    }

    @Test
    void a_call_execs_the_jvm_and_starts_no_other_process() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed");
        Path launcher = copyOfTree("tree");
        Map<String, String> env = Map.of("SHM_DIR", dir.toString());
        ok(Shm.exec(List.of(launcher.toString(), "--version"), null, env)); // the first call finds the JDK
        Path trace = dir.resolve("trace");
        ok(Shm.exec(List.of("strace", "-f", "-e", "trace=execve,clone,clone3,fork,vfork", "-o", trace.toString(),
                launcher.toString(), "create", "seg", "--size", "16"), null, env));
        List<String> execs = Files.readAllLines(trace).stream().filter(line -> line.contains("execve(")).toList();
        assertEquals(2, execs.size(), "the launcher, then the JVM:\n" + String.join("\n", execs));
        assertTrue(execs.get(1).contains("/bin/java\""), execs.get(1));
        // The JVM starts threads of its own (clone with CLONE_THREAD); no process is forked.
        List<String> forks = Files.readAllLines(trace).stream()
                .filter(line -> line.matches(".*\\b(fork|vfork)\\(.*")
                        || (line.contains("clone(") || line.contains("clone3(")) && !line.contains("CLONE_THREAD"))
                .toList();
        assertEquals(List.of(), forks);
    }

    @Test
    void a_dump_or_watch_given_a_short_decimal_length_runs_on_c1_like_the_short_commands() {
        Map<String, Boolean> c1 = new java.util.LinkedHashMap<>();
        c1.put("-l 64", true);
        c1.put("--length 64", true);
        c1.put("--length=64", true);
        c1.put("-l64", true);
        c1.put("-l 999999", true);
        // no size parsing in the launcher: units and hex keep C2, only a decimal of six digits or fewer drops it
        c1.put("-l 1023K", false);
        c1.put("-l 1000000", false);
        c1.put("-l 1M", false);
        c1.put("-l 0x40", false);
        c1.put("", false);
        c1.put("-l", false);
        c1.put("-- -l 64", false);
        c1.put("-l 99999999999999999999", false);
        Path launch = Shm.root().resolve("scripts/lib/launch.sh");
        c1.forEach((args, expected) -> {
            CommandRun run = Shm.exec(List.of("sh", "-c", ". \"$0\"; shm_short_range dump seg " + args, launch.toString()),
                    null, Map.of());
            assertEquals(expected ? 0 : 1, run.exit(), "dump seg " + args + ": " + run);
            assertEquals("", run.err(), run::toString);
        });
    }

    @Test
    void a_watch_of_a_few_bytes_runs_on_c1_and_one_of_a_whole_segment_keeps_c2() {
        assertEquals("-Xmn16m -XX:TieredStopAtLevel=1 -cp JAR shmkit.Main watch seg --hex --length 16", jvmArgs("watch seg --hex --length 16", false));
        assertEquals("-Xmn16m -cp JAR shmkit.Main watch seg --hex", jvmArgs("watch seg --hex", false));
    }

    @Test
    void a_shell_reading_a_batch_runs_on_c1_and_one_on_a_terminal_keeps_c2() {
        assertEquals("-Xmn16m -XX:TieredStopAtLevel=1 -cp JAR shmkit.Main shell seg", jvmArgs("shell seg", false));
        assertEquals("-Xmn16m -cp JAR shmkit.Main watch seg", jvmArgs("watch seg", false), "only the shell looks at its input");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) is not installed");
        assertEquals("-Xmn16m -cp JAR shmkit.Main shell seg", jvmArgs("shell seg", true), "a shell on a terminal");
    }

    /**
     * What the launcher's shm_exec would give the JVM for {@code args} (a JVM that only echoes),
     * with standard input /dev/null or, with {@code terminal}, a pseudo-terminal (script).
     */
    private static String jvmArgs(String args, boolean terminal) {
        String call = ". '" + Shm.root().resolve("scripts/lib/launch.sh") + "'; shm_exec /bin/echo JAR /nowhere -Xmn16m " + args;
        CommandRun run = Shm.exec(terminal ? List.of("script", "-qc", "sh -c \"" + call + "\"", "/dev/null")
                : List.of("sh", "-c", call), null, Map.of());
        return run.out().strip();
    }
}
