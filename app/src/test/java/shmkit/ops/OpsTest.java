package shmkit.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ShmException;
import shmkit.hex.DumpFormat;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;
import shmkit.value.Layout;
import shmkit.value.Stores;
import shmkit.value.ValueType;

/**
 * Every operation driven from plain Java, with no command line at all: the core that commands call
 * is usable (and testable) on its own.
 */
class OpsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private Env env(byte[] stdin) {
        Input in = new Input() {
            final InputStream stream = new ByteArrayInputStream(stdin);

            @Override
            public InputStream stream() {
                return stream;
            }

            @Override
            public ReadableByteChannel channel() {
                return Channels.newChannel(stream);
            }

            @Override
            public FileChannel file() {
                return null;
            }
        };
        Output out = new Output() {
            @Override
            public OutputStream stream() {
                return stdout;
            }

            @Override
            public void transfer(Transfer transfer) throws IOException {
                transfer.to(Channels.newChannel(stdout));
            }

            @Override
            public boolean terminal() {
                return false;
            }
        };
        return new Env(Opener.DIRECT, in, out, Meter.SILENT, new Interrupts(), dir);
    }

    private SegmentName name(String name) {
        return SegmentName.parse(name, dir);
    }

    @Test
    void create_write_read_and_remove_without_a_command_line() throws IOException {
        Env env = env(new byte[0]);
        new Lifecycle(env).create(name("s"), 64, Segments.DEFAULT_MODE);
        new Writes(env, name("s"), 4, LockSpec.NONE, true).bytes("hello".getBytes(StandardCharsets.UTF_8), 8L);
        new Reads(env, name("s"), 4, LockSpec.NONE).bytes(6L, Reads.Form.HEX);
        assertEquals("68656c6c6f00\n", stdout.toString(StandardCharsets.US_ASCII));
        List<Lifecycle.Removal> removed = new Lifecycle(env).remove(List.of(name("s"), name("missing")), false);
        assertTrue(removed.get(0).removed());
        assertEquals(ShmException.Reason.NOT_FOUND, removed.get(1).failure().reason());
    }

    @Test
    void standard_input_a_fill_and_a_dump_go_in_exactly() throws IOException {
        new Lifecycle(env(new byte[0])).create(name("s"), 32, Segments.DEFAULT_MODE);
        new Writes(env("abc".getBytes(StandardCharsets.US_ASCII)), name("s"), 0, LockSpec.NONE, false).stdin(null);
        new Writes(env(new byte[0]), name("s"), 8, LockSpec.NONE, false).fill((byte) 'z', 4);
        new Writes(env("00000010: 4142\n".getBytes(StandardCharsets.US_ASCII)), name("s"), 0, LockSpec.NONE, false).dump();
        byte[] expected = new byte[32];
        System.arraycopy("abc".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 3);
        java.util.Arrays.fill(expected, 8, 12, (byte) 'z');
        expected[16] = 'A';
        expected[17] = 'B';
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("s")));
        Env env = env(new byte[0]);
        new Dumps(env).dump(name("s"), 16, 2L, DumpFormat.builder().build(), LockSpec.NONE);
        assertEquals("00000010: 4142                                     AB\n", stdout.toString(StandardCharsets.US_ASCII));
        stdout.reset();
        new Dumps(env).dump(name("s"), -16, 100L, DumpFormat.builder().build(), LockSpec.NONE);
        assertTrue(stdout.toString(StandardCharsets.US_ASCII).startsWith("00000010: 4142 0000"), "from the end, cut at the end");
    }

    @Test
    void typed_values_and_atomics() throws IOException {
        Env env = env(new byte[0]);
        new Lifecycle(env).create(name("s"), 16, Segments.DEFAULT_MODE);
        Layout layout = Layout.parse("bar:i32 baz:i32");
        new Writes(env, name("s"), 0, LockSpec.NONE, false).values(Stores.fields(layout, List.of("bar=31337", "baz=98")));
        ValueType i64 = ValueType.parse("i64");
        Atomic counter = new Atomic(env, name("s"), 8, i64, LockSpec.NONE);
        assertEquals(5, counter.add(5));
        assertEquals(5, counter.compareAndSet(4, 9), "a lost swap returns what it found");
        assertEquals(5, counter.compareAndSet(5, 9));
        StringWriter text = new StringWriter();
        new Reads(env, name("s"), 0, LockSpec.NONE).values(layout, true, new PrintWriter(text));
        assertEquals("{\"bar\":31337,\"baz\":98}\n", text.toString());
    }

    @Test
    void an_interrupt_stops_a_long_stream_and_says_how_far_it_got() throws IOException {
        Env quiet = env(new byte[0]);
        new Lifecycle(quiet).create(name("s"), 64 << 20, Segments.DEFAULT_MODE);
        Interrupts interrupts = new Interrupts();
        // Standard input of unknown length beyond what is staged, interrupted as its first chunk is copied.
        InputStream endless = new InputStream() {
            long given;

            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if ((given += len) > (17 << 20)) {
                    interrupts.interrupt(Interrupts.SIGTERM);
                }
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        Env env = new Env(Opener.DIRECT, new Input() {
            @Override
            public InputStream stream() {
                return endless;
            }

            @Override
            public ReadableByteChannel channel() {
                return Channels.newChannel(endless);
            }

            @Override
            public FileChannel file() {
                return null;
            }
        }, quiet.out(), Meter.SILENT, interrupts, dir);
        ShmException e = assertThrows(ShmException.class,
                () -> new Writes(env, name("s"), 0, LockSpec.NONE, false).stdin(null));
        assertEquals(ShmException.Reason.INTERRUPTED, e.reason());
        assertEquals(143, e.status());
        assertTrue(e.getMessage().matches("interrupted: wrote (\\d+) bytes of standard input to '.*' at offsets 0\\.\\.\\1;"
                + " nothing from offset \\1 on was written"), e.getMessage());
        long written = Long.parseLong(e.getMessage().replaceAll("\\D*(\\d+).*", "$1"));
        byte[] after = Files.readAllBytes(dir.resolve("s"));
        assertEquals('x', after[(int) written - 1], "every byte it names went in");
        assertEquals(0, after[(int) written], "and none after");
    }
}
