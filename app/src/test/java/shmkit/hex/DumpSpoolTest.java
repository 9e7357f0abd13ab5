package shmkit.hex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.ShmException;

/** What a dump writes, kept in memory and then in an unlinked file, and handed on in its order. */
class DumpSpoolTest {
    @TempDir
    Path tmp;

    private static byte[] replayed(DumpSpool spool, int size) throws IOException {
        byte[] target = new byte[size];
        spool.replayTo(DumpParser.writingTo((offset, bytes, from, length) -> System.arraycopy(bytes, from, target, (int) offset, length)));
        return target;
    }

    @Test
    void a_dump_bigger_than_its_memory_comes_back_whole_from_a_file_nobody_can_see() throws IOException {
        byte[] bytes = new byte[3 << 20];
        new Random(3).nextBytes(bytes);
        Arrays.fill(bytes, 1 << 20, 2 << 20, (byte) 0x41); // a squeezed run in the middle
        String dump = new String(HexDumper.builder().squeeze(true).build().dump(bytes, 0), StandardCharsets.US_ASCII);
        try (DumpSpool spool = new DumpSpool(tmp, 100_000)) {
            DumpParser.parse(new ByteArrayInputStream(dump.getBytes(StandardCharsets.US_ASCII)), 0, bytes.length, "'t'", spool);
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(0, files.count(), "the spool file is unlinked while it is open");
            }
            assertArrayEquals(bytes, replayed(spool, bytes.length));
            assertArrayEquals(bytes, replayed(spool, bytes.length), "it can be replayed again");
        }
    }

    @Test
    void records_come_back_in_their_order_so_a_later_line_wins() throws IOException {
        List<String> calls = new ArrayList<>();
        try (DumpSpool spool = new DumpSpool(tmp, 30)) {
            spool.data(5, "xxhello".getBytes(StandardCharsets.US_ASCII), 2, 5);
            spool.repeat(100, "ab".getBytes(StandardCharsets.US_ASCII), 2, 1_000_000_000_000L);
            spool.data(7, "L".getBytes(StandardCharsets.US_ASCII), 0, 1);
            spool.replayTo(new DumpParser.Sink() {
                @Override
                public void data(long at, byte[] bytes, int from, int length) {
                    calls.add(at + ":" + new String(bytes, from, length, StandardCharsets.US_ASCII));
                }

                @Override
                public void repeat(long at, byte[] line, int length, long times) {
                    calls.add(at + ":" + new String(line, 0, length, StandardCharsets.US_ASCII) + "x" + times);
                }
            });
        }
        assertEquals(List.of("5:hello", "100:abx1000000000000", "7:L"), calls);
    }

    @Test
    void a_folder_it_cannot_use_is_named_and_nothing_is_written() {
        DumpSpool spool = new DumpSpool(tmp.resolve("missing"), 10);
        ShmException e = assertThrows(ShmException.class, () -> spool.data(0, new byte[100], 0, 100));
        assertEquals(ShmException.FAILURE, e.status());
        assertTrue(e.getMessage().startsWith("cannot make a file in " + tmp.resolve("missing")), e.getMessage());
        assertTrue(e.getMessage().endsWith("TMPDIR chooses the folder); nothing was written"), e.getMessage());
    }
}
