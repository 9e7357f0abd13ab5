package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static shmkit.testing.CommandRun.ok;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/**
 * The Debian package (scripts/package), installed for real with dpkg as root, used with no JDK in
 * sight (/usr/lib/jvm hidden in a mount namespace of the test's own), and removed again. The machine
 * is left as it was: a package of that name installed by anyone else makes the test skip, and the
 * test's own install is removed whatever happens.
 */
class DebianPackageIT {
    private static final Path LINK = Path.of("/usr/bin/shm");

    @TempDir
    Path dir;

    private static CommandRun run(String... command) {
        return Shm.exec(List.of(command), null, Map.of());
    }

    @Test
    void installs_with_dpkg_runs_without_a_jdk_and_removes_cleanly() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "dpkg -i needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")) && Files.isExecutable(Path.of("/usr/bin/fakeroot")),
                "dpkg and fakeroot are installed");
        // One package test at a time on this machine: two worktrees' runs would install over each other.
        try (FileChannel lockFile = FileChannel.open(Path.of("/tmp/shmkit-debian-package-test.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lockFile.lock()) {
            String status = run("dpkg-query", "-W", "-f", "${db:Status-Status}", "shm").out();
            assumeTrue(status.isEmpty() || status.equals("not-installed") || status.equals("config-files"),
                    "a package named shm is installed already (" + status + "); left alone");
            assumeTrue(!Files.exists(LINK) && !Files.isSymbolicLink(LINK), "/usr/bin/shm exists already; left alone");
            Path out = dir.resolve("out");
            CommandRun built = Shm.exec(List.of(Shm.root().resolve("scripts/package").toString(), out.toString()), null,
                    Map.of("SHM_DEB_COMPRESSION", "none"));
            assertEquals(0, built.exit(), built::toString);
            Path deb = Path.of(built.out().strip());
            assertTrue(deb.getFileName().toString().matches("shm_" + Cli.VERSION + "_[a-z0-9]+\\.deb"), built::toString);
            try {
                installAndUse(deb);
            } finally {
                run("dpkg", "--purge", "shm");
            }
            assertFalse(Files.exists(Path.of("/opt/shm")), "the package's files are gone");
            for (Path link : List.of(LINK, Path.of("/usr/share/man/man1/shm.1"),
                    Path.of("/usr/share/bash-completion/completions/shm"))) {
                assertFalse(Files.exists(link) || Files.isSymbolicLink(link), link + " is gone");
            }
        }
    }

    private void installAndUse(Path deb) throws IOException {
        ok(run("dpkg", "-i", deb.toString()));
        assertEquals(Path.of("/opt/shm/bin/shm"), Files.readSymbolicLink(LINK));
        assertEquals("java.base,java.logging,java.management,jdk.unsupported",
                String.join(",", ok(run("/opt/shm/lib/runtime/bin/java", "--list-modules")).out().lines()
                        .map(module -> module.replaceAll("@.*", "")).toList()),
                "the linked runtime holds only the modules shm needs");
        assertTrue(Files.isRegularFile(Path.of("/usr/share/man/man1/shm-create.1")), "man pages linked");
        ok(run("bash", "-c", "source /usr/share/bash-completion/completions/shm && complete -p shm"));

        // As on a machine without a JDK: /usr/lib/jvm empty, no JAVA_HOME, no java on PATH.
        Path classLog = dir.resolve("classes.log");
        String script = "mount -t tmpfs none /usr/lib/jvm && ! command -v java"
                + " && shm --version && shm create seg --size 16 && shm write seg packaged && shm read seg --text"
                + " && JAVA_TOOL_OPTIONS=-Xlog:class+load:file=" + classLog + " shm read seg -l 4 >/dev/null 2>&1"
                + " && JDK_JAVA_OPTIONS=-XshowSettings:properties shm --version 2>&1 | grep -x ' *java.home = .*' >&2";
        CommandRun used = Shm.exec(List.of("unshare", "-m", "sh", "-c", script), null,
                Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", "", "SHM_DIR", dir.toString()));
        assertEquals(0, used.exit(), used::toString);
        assertEquals("shm " + Cli.VERSION + "\npackaged\n", used.out(), used::toString);
        assertTrue(Files.readString(classLog).contains("shmkit.cli.ReadCommand source: shared objects file"),
                "the package's AOT cache, made by its linked runtime, is used");
        assertEquals("java.home = /opt/shm/lib/runtime", used.err().strip(), "the linked runtime runs it");
    }
}
