package shmkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Shm;

/** Faults while a real shm process runs: each ends with one clear line, a defined exit, no JVM crash. */
class FaultsIT {
    @TempDir
    Path dir;

    private Process start(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Shm.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SHM_DIR", dir.toString());
        builder.redirectError(dir.resolve("stderr.txt").toFile());
        return builder.start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    private void assertEndedCleanly(Process process, int exit, String says) throws Exception {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ended");
        String err = stderr();
        assertEquals(exit, process.exitValue(), err);
        assertTrue(err.contains(says), err);
        assertEquals(1, err.lines().count(), err);
        try (var files = Files.list(Path.of("."))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("hs_err")), "no hs_err file");
        }
    }

    @Test
    void a_segment_truncated_while_read_ends_the_read_with_exit_1() throws Exception {
        Path seg = dir.resolve("big");
        try (FileChannel channel = FileChannel.open(seg, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.allocate(1), (64L << 20) - 1);
        }
        Process read = start("read", "big");
        InputStream out = read.getInputStream();
        out.readNBytes(1 << 20); // the reader is under way, held back by the full pipe
        try (FileChannel channel = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            channel.truncate(4096);
        }
        out.transferTo(OutputStream.nullOutputStream());
        assertEndedCleanly(read, 1, "'big' shrank from 67108864 to 4096 bytes");
    }

    @Test
    void a_segment_truncated_during_a_long_write_ends_it_with_exit_1() throws Exception {
        Path seg = dir.resolve("target");
        try (FileChannel channel = FileChannel.open(seg, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.allocate(1), (64L << 20) - 1);
        }
        Process write = start("write", "target", "-");
        try (OutputStream in = write.getOutputStream()) {
            in.write(new byte[20 << 20]); // past the staging: streaming now
            try (FileChannel channel = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                channel.truncate(1 << 20);
            }
            in.write(new byte[8 << 20]);
        } catch (IOException closedEarly) {
            // the writer stopped reading: that is its answer
        }
        assertEndedCleanly(write, 1, "'target' shrank");
        assertEquals(1 << 20, Files.size(seg), "the shrunk file was not grown back");
    }

    @Test
    void a_segment_removed_during_a_long_write_is_reported() throws Exception {
        Path seg = dir.resolve("gone");
        try (FileChannel channel = FileChannel.open(seg, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.allocate(1), (32L << 20) - 1);
        }
        Process write = start("write", "gone", "--length", "30M", "-");
        try (OutputStream in = write.getOutputStream()) {
            in.write(new byte[20 << 20]);
            Files.delete(seg);
            in.write(new byte[10 << 20]);
        }
        assertEndedCleanly(write, 1, "'gone' was removed while being written");
    }

    @Test
    void standard_input_ending_early_is_one_line_and_exit_1() throws Exception {
        Files.write(dir.resolve("seg"), new byte[64]);
        CommandRun run = new Shm(dir).process(new byte[10], "write", "seg", "--length", "20", "-");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of("shm: write: standard input ended after 10 bytes; --length asks for 20; nothing was written"),
                run.errLines());
        assertEquals(64, Files.size(dir.resolve("seg")));
    }

    @Test
    void a_full_tmpfs_fails_at_create_and_leaves_nothing_behind() throws Exception {
        Path mount = dir.resolve("small");
        Files.createDirectory(mount);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mounting.waitFor(10, TimeUnit.SECONDS) && mounting.exitValue() == 0, "needs mount (root)");
        try {
            Shm shm = new Shm(mount);
            // Exactly the free space would pass the up-front check; the reservation itself must fail.
            CommandRun almost = shm.process("create", "first", "--size", "900K");
            assertEquals(0, almost.exit(), almost::toString);
            CommandRun full = shm.process("create", "second", "--size", "200K");
            assertEquals(1, full.exit(), full::toString);
            assertTrue(full.err().contains("cannot create 'second'"), full::toString);
            try (var files = Files.list(mount)) {
                assertEquals(List.of("first"), files.map(p -> p.getFileName().toString()).toList());
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void an_unprivileged_user_is_told_permission_denied() throws Exception {
        Path seg = dir.resolve("readonly");
        Files.write(seg, new byte[8]);
        Files.setPosixFilePermissions(seg, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandRun write = Shm.exec(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Shm.launcher().toString(), "write", seg.toString(), "x"), null, Map.of());
        assumeTrue(!write.err().contains("setpriv:"), "setpriv works here");
        assertEquals(1, write.exit(), write::toString);
        assertTrue(write.err().startsWith("shm: write: permission denied opening"), write::toString);
        assertEquals(1, write.errLines().size(), write::toString);
    }
}
