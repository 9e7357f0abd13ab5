package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.DevShm;
import shmkit.testing.JsonQuery;
import shmkit.testing.Shm;

/** list, info, rm and resize in-process, on segments in a temporary SHM_DIR (or /dev/shm where tmpfs matters). */
class InspectCommandsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    DevShm devShm = new DevShm();
    Shm shm;

    @BeforeEach
    void setUp() {
        shm = new Shm(dir);
    }


    private CommandRun refused(int exit, String... args) {
        CommandRun run = shm.run(args);
        assertEquals(exit, run.exit(), run::toString);
        assertTrue(run.errLines().get(0).startsWith("shm: "), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        return run;
    }

    /** The rows of list's table without the header, each split into its columns. */
    private static List<List<String>> rows(CommandRun list) {
        List<String> lines = list.out().lines().toList();
        assertEquals(List.of("SIZE", "USED", "MODE", "OWNER", "MODIFIED", "MAPS", "NAME"),
                Arrays.asList(lines.get(0).trim().split(" +")), list::toString);
        return lines.subList(1, lines.size()).stream().map(l -> {
            String[] f = l.trim().split(" +");
            // MODIFIED is two fields (date, time): put them back together
            return List.of(f[0], f[1], f[2], f[3], f[4] + " " + f[5], f[6], String.join(" ", Arrays.copyOfRange(f, 7, f.length)));
        }).toList();
    }

    private static List<String> column(List<List<String>> rows, int column) {
        return rows.stream().map(r -> r.get(column)).toList();
    }

    // ---- list

    @Test
    void list_shows_each_segment_by_name_with_human_sizes_mode_owner_and_no_mappers() {
        shm.ok("create", "b", "--size", "1M");
        shm.ok("create", "a", "--size", "100", "--mode", "640");
        List<List<String>> rows = rows(shm.ok("list"));
        assertEquals(List.of("a", "b"), column(rows, 6));
        assertEquals(List.of("100", "1.0M"), column(rows, 0));
        assertEquals("1.0M", rows.get(1).get(1), "create reserves all of it");
        assertEquals(List.of("rw-r-----", "rw-------"), column(rows, 2));
        assertEquals(List.of("0", "0"), column(rows, 5));
        assertEquals(System.getProperty("user.name"), rows.get(0).get(3));
    }

    @Test
    void list_sorts_by_size_largest_first_or_by_time_newest_first() throws IOException {
        shm.ok("create", "small", "--size", "1K");
        shm.ok("create", "large", "--size", "64K");
        shm.ok("create", "medium", "--size", "4K");
        Files.setLastModifiedTime(dir.resolve("large"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(dir.resolve("small"), FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
        Files.setLastModifiedTime(dir.resolve("medium"), FileTime.from(Instant.parse("2022-01-01T00:00:00Z")));
        assertEquals(List.of("large", "medium", "small"), column(rows(shm.ok("list", "--sort", "size")), 6));
        assertEquals(List.of("medium", "small", "large"), column(rows(shm.ok("list", "--sort", "time")), 6));
        assertEquals(List.of("large", "medium", "small"), column(rows(shm.ok("list")), 6));
        CommandRun bad = refused(2, "list", "--sort", "colour");
        assertTrue(bad.err().contains("'colour' is not a sort key (name, size or time)"), bad::toString);
    }

    @Test
    void list_hides_create_scratch_files_unless_all_and_skips_what_is_not_a_regular_file() throws IOException {
        shm.ok("create", "real", "--size", "1K");
        Files.write(dir.resolve(".shm-create.123.abc"), new byte[10]);
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Files.createDirectory(dir.resolve("folder"));
        assertEquals(List.of("real"), column(rows(shm.ok("list")), 6));
        // --all lists every kind, each under a heading: the folder's, scratch files included, comes first.
        List<String> all = shm.ok("list", "--all").out().lines().toList();
        assertEquals("POSIX shared memory (" + dir + ")", all.get(0));
        String folder = String.join("\n", all.subList(1, all.indexOf(""))) + "\n";
        assertEquals(List.of(".shm-create.123.abc", "real"), column(rows(new CommandRun(0, folder, "", null)), 6));
    }

    @Test
    void list_kind_picks_the_kinds_and_refuses_one_it_does_not_know() {
        shm.ok("create", "real", "--size", "1K");
        assertEquals(shm.ok("list").out(), shm.ok("list", "--kind", "posix").out(), "posix alone is the plain listing");
        String json = shm.ok("list", "--kind", "sysv,anon", "--json").out();
        assertEquals(List.of("False", "True", "True", "False"), JsonQuery.query(json, "'segments' in d", "'sysv' in d",
                "'anonymous' in d", "'memfds' in d"));
        assertEquals(List.of("True", "True"), JsonQuery.query(shm.ok("list", "--kind", "all", "--json").out(),
                "d['segments'][0]['name'] == 'real'", "all(k in d for k in ('sysv', 'memfds', 'anonymous'))"));
        CommandRun bad = refused(2, "list", "--kind", "posix,colour");
        assertTrue(bad.err().contains("'colour' is not a kind (posix, sysv, memfd, anon or all)"), bad::toString);
    }

    @Test
    void list_json_carries_the_same_facts_as_the_table_in_exact_numbers() throws IOException {
        shm.ok("create", "demo", "--size", "5000", "--mode", "660");
        CommandRun text = shm.ok("list");
        CommandRun json = shm.ok("list", "--json");
        List<String> row = rows(text).get(0);
        String path = dir.resolve("demo").toString();
        assertEquals(List.of("'" + dir + "'", "1", "'demo'", "'" + path + "'", "5000", "'0660'", "'rw-rw----'",
                        "'" + row.get(3) + "'", "0", "[]", "True"),
                JsonQuery.query(json.out(), "d['dir']", "len(d['segments'])", "d['segments'][0]['name']",
                        "d['segments'][0]['path']", "d['segments'][0]['size']", "d['segments'][0]['mode']",
                        "d['segments'][0]['permissions']", "d['segments'][0]['owner']", "d['segments'][0]['mappers']",
                        "d['segments'][0]['pids']", "d['segments'][0]['allocated'] >= 5000"));
        assertEquals("4.9K", row.get(0));
        String modified = JsonQuery.one(json.out(), "d['segments'][0]['modified']");
        assertEquals(Files.getLastModifiedTime(dir.resolve("demo")).toInstant(), Instant.parse(modified.replace("'", "")));
    }

    @Test
    void list_and_info_without_used_leave_out_the_allocated_bytes_and_only_them() {
        shm.ok("create", "demo", "--size", "5000");
        CommandRun list = shm.ok("list", "--no-used");
        List<String> lines = list.out().lines().toList();
        assertEquals(List.of("SIZE", "MODE", "OWNER", "MODIFIED", "MAPS", "NAME"), Arrays.asList(lines.get(0).trim().split(" +")));
        assertTrue(lines.get(1).trim().startsWith("4.9K  rw-------  "), list::toString);
        assertTrue(lines.get(1).endsWith("  0  demo"), list::toString);
        assertEquals(List.of("None", "5000"), JsonQuery.query(shm.ok("list", "--no-used", "--json").out(),
                "d['segments'][0]['allocated']", "d['segments'][0]['size']"));
        CommandRun info = shm.ok("info", "demo", "--no-used");
        assertFalse(info.out().contains("allocated"), info::toString);
        assertTrue(info.out().contains("size       4.9K (5000 bytes)\nmode       0600 rw-------\n"), info::toString);
        assertEquals("None", JsonQuery.one(shm.ok("info", "demo", "--no-used", "--json").out(), "d['allocated']"));
    }

    @Test
    void list_of_an_empty_folder_prints_nothing_and_of_a_missing_one_fails() {
        CommandRun empty = shm.ok("list");
        assertEquals("", empty.out());
        assertEquals("0", JsonQuery.one(shm.ok("list", "--json").out(), "len(d['segments'])"));
        CommandRun missing = refused(1, "list", dir.resolve("nope").toString());
        assertEquals("shm: list: no folder " + dir.resolve("nope"), missing.errLines().get(0));
    }

    @Test
    void list_takes_a_folder_argument_over_shm_dir() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.write(other.resolve("elsewhere"), new byte[3]);
        assertEquals(List.of("elsewhere"), column(rows(shm.ok("list", other.toString())), 6));
    }

    @Test
    void a_name_with_control_characters_is_escaped_in_the_table_and_exact_in_json() throws IOException {
        Files.write(dir.resolve("evil\u001b[31m\nname"), new byte[1]);
        CommandRun text = shm.ok("list");
        assertFalse(text.out().contains("\u001b"), text::toString);
        assertEquals(2, text.out().lines().count(), "one header and one row");
        assertTrue(text.out().contains("evil\\x1b[31m\\nname"), text::toString);
        assertEquals("True", JsonQuery.one(shm.ok("list", "--json").out(), "d['segments'][0]['name'] == 'evil\\x1b[31m\\nname'"));
    }

    // ---- info

    @Test
    void info_shows_path_size_mode_owner_inode_and_that_nobody_maps_or_locks_it() throws IOException {
        shm.ok("create", "demo", "--size", "1M");
        CommandRun info = shm.ok("info", "demo");
        long inode = (Long) Files.getAttribute(dir.resolve("demo"), "unix:ino");
        List<String> lines = info.out().lines().toList();
        assertTrue(lines.contains("path       " + dir.resolve("demo")), info::toString);
        assertTrue(lines.contains("size       1.0M (1048576 bytes)"), info::toString);
        assertTrue(lines.contains("allocated  1.0M (1048576 bytes)"), info::toString);
        assertTrue(lines.contains("mode       0600 rw-------"), info::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("inode      " + inode + " on device ")), info::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("mapped by  no process")), info::toString);
        assertTrue(lines.contains("locks      none"), info::toString);
        assertFalse(info.out().contains("warning"), info::toString);
        assertFalse(info.out().contains("shm_open"), "only a name in /dev/shm is a shm_open name");
    }

    @Test
    void info_on_dev_shm_says_tmpfs_and_the_names_c_and_python_use() {
        Shm devShmRunner = new Shm(DevShm.DIR);
        String name = devShm.name();
        assertEquals(0, devShmRunner.run("create", name, "--size", "4K").exit());
        CommandRun info = devShmRunner.run("info", name);
        assertEquals(0, info.exit(), info::toString);
        assertTrue(info.out().contains("kind       POSIX shared memory object on tmpfs (mounted at /dev/shm)"), info::toString);
        assertTrue(info.out().contains("open as    shm_open(\"/" + name + "\") in C, SharedMemory(name=\"" + name + "\") in Python"),
                info::toString);
        CommandRun json = devShmRunner.run("info", name, "--json");
        assertEquals(List.of("'memory'", "'tmpfs'", "False", "'/" + name + "'", "'" + name + "'"),
                JsonQuery.query(json.out(), "d['kind']", "d['fileSystem']", "d['fileBacked']", "d['shmOpenName']",
                        "d['pythonName']"));
    }

    @Test
    void info_warns_when_every_user_can_reach_the_segment() {
        shm.ok("create", "open", "--size", "1K", "--mode", "666");
        CommandRun info = shm.ok("info", "open");
        assertTrue(info.out().contains("warning: every user on this machine can read and change 'open' (mode 0666)"),
                info::toString);
        assertEquals("1", JsonQuery.one(shm.ok("info", "open", "--json").out(), "len(d['warnings'])"));
    }

    @Test
    void info_warns_when_another_user_owns_the_segment() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
        shm.ok("create", "theirs", "--size", "1K");
        Files.setOwner(dir.resolve("theirs"), dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        CommandRun info = shm.ok("info", "theirs");
        assertTrue(info.out().contains("warning: 'theirs' is owned by another user: nobody (uid 65534)"), info::toString);
    }

    @Test
    void info_json_carries_the_same_facts_as_the_text() throws IOException {
        shm.ok("create", "demo", "--size", "8K", "--mode", "640");
        String json = shm.ok("info", "demo", "--json").out();
        String text = shm.ok("info", "demo").out();
        long inode = (Long) Files.getAttribute(dir.resolve("demo"), "unix:ino");
        List<String> facts = JsonQuery.query(json, "d['name']", "d['path']", "d['size']", "d['allocated']", "d['mode']",
                "d['permissions']", "d['inode']", "d['mappers']", "d['locks']", "d['warnings']", "d['device']");
        assertEquals(List.of("'demo'", "'" + dir.resolve("demo") + "'", "8192", "8192", "'0640'", "'rw-r-----'",
                Long.toString(inode), "[]", "[]", "[]"), facts.subList(0, 10));
        String device = facts.get(10).replace("'", "");
        assertTrue(text.contains("inode      " + inode + " on device " + device + "\n"), text);
    }

    @Test
    void info_refuses_a_missing_segment_and_a_symbolic_link() throws IOException {
        CommandRun missing = refused(1, "info", "nope");
        assertEquals("shm: info: no segment 'nope' (looked for " + dir.resolve("nope") + ")", missing.errLines().get(0));
        shm.ok("create", "target", "--size", "1K");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        CommandRun link = refused(1, "info", "link");
        assertEquals("shm: info: 'link' is a symbolic link, not a segment; shm never follows links", link.errLines().get(0));
    }

    @Test
    void info_pages_shows_untouched_pages_as_not_resident_and_counts_like_fincore() throws IOException {
        String name = devShm.name();
        Path path = devShm.path(name);
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(16 * 4096); // sparse: no page was ever touched
        }
        Shm runner = new Shm(DevShm.DIR);
        CommandRun before = runner.run("info", name, "--pages");
        assertEquals(0, before.exit(), before::toString);
        assertTrue(before.out().contains("16 pages of 4.0K, 1 page (4.0K) per cell\n0x0000  ················\n"), before::toString);
        assertTrue(before.out().contains("resident 0 of 16 pages (0.0%), 0 of 64K\n"), before::toString);

        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.seek(3 * 4096 + 10);
            file.write(1);
        }
        CommandRun after = runner.run("info", name, "--pages");
        assertTrue(after.out().contains("0x0000  ···█············\n"), after::toString);
        assertTrue(after.out().contains("resident 1 of 16 pages (6.3%), 4.0K of 64K\n"), after::toString);
        assertEquals(List.of("4096", "16", "1", "1", "[0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"),
                JsonQuery.query(runner.run("info", name, "--pages", "--json").out(), "d['pages']['pageSize']",
                        "d['pages']['total']", "d['pages']['resident']", "d['pages']['pagesPerCell']", "d['pages']['cells']"));
        assertEquals(List.of("1"), JsonQuery.query(runner.run("info", name, "--json").out(), "len([k for k in d if k == 'mode'])"),
                "without --pages there is no pages object, but the rest is there");
    }

    @Test
    void info_pages_groups_the_pages_of_a_big_segment_and_says_how_many_per_cell() throws IOException {
        Path path = dir.resolve("big");
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(1L << 30);
        }
        CommandRun info = shm.env("COLUMNS", "80").run("info", "big", "--pages");
        assertEquals(0, info.exit(), info::toString);
        // 262144 pages in at most 32 rows of 64 cells: 128 pages (512K) per cell, 2048 cells
        assertTrue(info.out().contains("262144 pages of 4.0K, 128 pages (512K) per cell\n"), info::toString);
        List<String> rows = info.out().lines().filter(l -> l.startsWith("0x")).toList();
        assertEquals(32, rows.size(), info::toString);
        assertEquals("0x00000000  " + "·".repeat(64), rows.get(0));
        assertEquals("0x3e000000  " + "·".repeat(64), rows.get(31));
    }

    @Test
    void info_pages_uses_colour_only_on_a_terminal_without_no_color() {
        // In /dev/shm a created segment's pages are resident for certain (a disk file's could be evicted).
        String name = devShm.name();
        assertEquals(0, new Shm(DevShm.DIR).run("create", name, "--size", "8K").exit());
        CommandRun pipe = new Shm(DevShm.DIR).run("info", name, "--pages");
        assertTrue(pipe.out().contains("resident 2 of 2 pages (100.0%)"), pipe::toString);
        assertFalse(pipe.out().contains("\u001b"), "into a pipe: no escape codes");
        CommandRun terminal = new Shm(DevShm.DIR).onTerminal().run("info", name, "--pages");
        assertTrue(terminal.out().contains("\u001b[32m██\u001b[0m\n"), terminal::toString);
        CommandRun noColor = new Shm(DevShm.DIR).onTerminal().env("NO_COLOR", "1").run("info", name, "--pages");
        assertFalse(noColor.out().contains("\u001b"), noColor::toString);
    }

    // ---- rm

    @Test
    void rm_removes_segments_quietly() {
        shm.ok("create", "a", "--size", "1K");
        shm.ok("create", "b", "--size", "1K");
        CommandRun rm = shm.ok("rm", "a", "b");
        assertEquals("", rm.out() + rm.err());
        assertFalse(Files.exists(dir.resolve("a")));
        assertFalse(Files.exists(dir.resolve("b")));
    }

    @Test
    void rm_refuses_a_symbolic_link_and_leaves_both_it_and_its_target() throws IOException {
        shm.ok("create", "target", "--size", "1K");
        shm.ok("write", "target", "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        CommandRun rm = refused(1, "rm", "link");
        assertEquals("shm: rm: 'link' is a symbolic link, not a segment; not removed (shm never follows or removes links)",
                rm.errLines().get(0));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", new String(Files.readAllBytes(dir.resolve("target")), StandardCharsets.UTF_8).substring(0, 4));
    }

    @Test
    void rm_refuses_a_folder() throws IOException {
        Files.createDirectory(dir.resolve("folder"));
        CommandRun rm = refused(1, "rm", "folder");
        assertEquals("shm: rm: 'folder' is a directory, not a segment; not removed", rm.errLines().get(0));
        assertTrue(Files.isDirectory(dir.resolve("folder")));
    }

    @Test
    void rm_tries_every_name_says_each_failure_and_exits_1() {
        shm.ok("create", "a", "--size", "1K");
        shm.ok("create", "c", "--size", "1K");
        CommandRun rm = refused(1, "rm", "a", "missing", "c", "gone");
        assertEquals(List.of("shm: rm: no segment 'missing' (looked for " + dir.resolve("missing") + ")",
                "shm: rm: no segment 'gone' (looked for " + dir.resolve("gone") + ")"), rm.errLines());
        assertFalse(Files.exists(dir.resolve("a")));
        assertFalse(Files.exists(dir.resolve("c")));
    }

    @Test
    void rm_force_ignores_missing_names_but_not_links() throws IOException {
        shm.ok("create", "a", "--size", "1K");
        assertEquals("", shm.ok("rm", "--force", "missing", "a").err());
        assertFalse(Files.exists(dir.resolve("a")));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("nowhere"));
        refused(1, "rm", "-f", "link");
        assertTrue(Files.isSymbolicLink(dir.resolve("link")));
    }

    @Test
    void rm_with_one_bad_name_removes_nothing() {
        shm.ok("create", "a", "--size", "1K");
        CommandRun rm = refused(2, "rm", "a", "..");
        assertTrue(rm.err().contains("'..' is not allowed"), rm::toString);
        assertTrue(Files.exists(dir.resolve("a")));
    }

    @Test
    void rm_run_again_on_the_same_command_line_forgets_the_names_of_the_last_run() {
        shm.ok("create", "a", "--size", "1K");
        shm.ok("create", "b", "--size", "1K");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Io io = new Io(java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(), err,
                java.util.Map.of("SHM_DIR", dir.toString()), false, false, false);
        picocli.CommandLine reused = Cli.commandLine(io); // as the shell keeps it
        assertEquals(0, reused.execute("rm", "a"));
        assertEquals(0, reused.execute("rm", "b"), () -> err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("b")));
    }

    // ---- resize

    @Test
    void resize_grows_keeping_the_data_and_zero_filling_the_new_part() throws IOException {
        shm.ok("create", "demo", "--size", "16");
        shm.ok("write", "demo", "--fill", "a", "--length", "16");
        shm.ok("resize", "demo", "--size", "8K");
        byte[] bytes = Files.readAllBytes(dir.resolve("demo"));
        assertEquals(8192, bytes.length);
        byte[] expected = new byte[8192];
        Arrays.fill(expected, 0, 16, (byte) 'a');
        assertArrayEquals(expected, bytes);
        assertEquals("8192", JsonQuery.one(shm.ok("info", "demo", "--json").out(), "d['allocated']"), "the new part is reserved");
    }

    @Test
    void resize_shrinks_a_segment_nobody_maps() throws IOException {
        shm.ok("create", "demo", "--size", "8K");
        shm.ok("write", "demo", "--fill", "b", "--length", "8K");
        shm.ok("resize", "demo", "-s", "100");
        byte[] expected = new byte[100];
        Arrays.fill(expected, (byte) 'b');
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("demo")));
        shm.ok("resize", "demo", "-s", "100"); // the same size is fine
    }

    @Test
    void resize_refuses_a_size_of_zero_a_missing_segment_and_a_link() throws IOException {
        shm.ok("create", "demo", "--size", "1K");
        assertTrue(refused(2, "resize", "demo", "--size", "0").err().contains("size 0 is not positive"));
        refused(2, "resize", "demo");
        refused(1, "resize", "missing", "--size", "1K");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("demo"));
        CommandRun link = refused(1, "resize", "link", "--size", "4K");
        assertTrue(link.err().contains("'link' is a symbolic link, not a segment"), link::toString);
        assertEquals(1024, Files.size(dir.resolve("demo")));
    }

    @Test
    void resize_past_the_free_space_leaves_the_segment_as_it_was() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        assumeTrue(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0,
                "mounting a small tmpfs needs root");
        try {
            Shm inSmall = new Shm(small);
            assertEquals(0, inSmall.run("create", "demo", "--size", "64K").exit());
            assertEquals(0, inSmall.run("write", "demo", "still here").exit());
            CommandRun grow = inSmall.run("resize", "demo", "--size", "1M");
            assertEquals(1, grow.exit(), grow::toString);
            assertEquals(1, grow.errLines().size(), grow::toString);
            assertTrue(grow.errLines().get(0).startsWith("shm: resize: cannot grow 'demo' from 65536 to 1048576 bytes: "
                    + "it needs 983040 more bytes and "), grow::toString);
            assertEquals(65536, Files.size(small.resolve("demo")));
            assertEquals("still here", new String(Files.readAllBytes(small.resolve("demo")), StandardCharsets.UTF_8).substring(0, 10));
            assertEquals(0, inSmall.run("resize", "demo", "--size", "128K").exit(), "space that is there can be had");
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }
}
