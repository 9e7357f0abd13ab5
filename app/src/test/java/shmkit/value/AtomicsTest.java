package shmkit.value;

import shmkit.segment.Memory;
import shmkit.segment.WritableMemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shmkit.ShmException;

class AtomicsTest {
    private static final String[] ALL = {"i8", "u8", "i16", "u16", "i16be", "u16be", "i32", "u32", "i32be", "u32be",
        "i64", "u64", "i64be", "u64be", "f32", "f32be", "f64", "f64be"};

    @Test
    void add_returns_the_new_value_for_every_type_and_byte_order() {
        try (Arena arena = Arena.ofConfined()) {
            WritableMemory memory = Memory.of(arena.allocate(32, 8));
            for (String name : ALL) {
                ValueType type = ValueType.parse(name);
                memory.fill(0, memory.size(), (byte) 0x5a);
                type.store(memory, 8, type.parseValue("100"));
                assertEquals("107", strip(type.format(Atomics.addAndGet(type, memory, 8, type.parseDelta("7")))), name);
                assertEquals("95", strip(type.format(Atomics.addAndGet(type, memory, 8, type.parseDelta("-12")))), name);
                assertEquals("95", strip(type.format(type.load(memory, 8))), name);
                for (int i = 0; i < 32; i++) {
                    if (i < 8 || i >= 8 + type.size()) {
                        assertEquals((byte) 0x5a, memory.getByte(i), name + ": byte " + i + " untouched");
                    }
                }
            }
        }
    }

    private static String strip(String number) {
        return number.endsWith(".0") ? number.substring(0, number.length() - 2) : number;
    }

    @Test
    void integers_wrap_around_as_in_c() {
        try (Arena arena = Arena.ofConfined()) {
            WritableMemory memory = Memory.of(arena.allocate(16, 8));
            ValueType u8 = ValueType.parse("u8");
            u8.store(memory, 3, 255);
            assertEquals("0", u8.format(Atomics.addAndGet(u8, memory, 3, 1)));
            ValueType i16be = ValueType.parse("i16be");
            i16be.store(memory, 6, i16be.parseValue("32767"));
            assertEquals("-32768", i16be.format(Atomics.addAndGet(i16be, memory, 6, 1)));
            ValueType u64 = ValueType.parse("u64");
            u64.store(memory, 8, 0);
            assertEquals("18446744073709551615", u64.format(Atomics.addAndGet(u64, memory, 8, u64.parseDelta("-1"))));
            ValueType u32 = ValueType.parse("u32");
            u32.store(memory, 0, u32.parseValue("4294967295"));
            assertEquals("1", u32.format(Atomics.addAndGet(u32, memory, 0, 2)));
        }
    }

    @Test
    void compare_and_swap_swaps_only_the_expected_value_and_reports_what_it_found() {
        try (Arena arena = Arena.ofConfined()) {
            WritableMemory memory = Memory.of(arena.allocate(32, 8));
            for (String name : ALL) {
                ValueType type = ValueType.parse(name);
                memory.fill(0, memory.size(), (byte) 0);
                long five = type.parseValue("5");
                long nine = type.parseValue("9");
                type.store(memory, 16, five);
                assertEquals(five, Atomics.compareAndExchange(type, memory, 16, five, nine), name + " swaps");
                assertEquals(nine, type.load(memory, 16), name);
                assertEquals(nine, Atomics.compareAndExchange(type, memory, 16, five, type.parseValue("1")), name + " does not");
                assertEquals(nine, type.load(memory, 16), name + " unchanged");
            }
        }
    }

    @Test
    void floats_compare_by_their_bits() {
        try (Arena arena = Arena.ofConfined()) {
            WritableMemory memory = Memory.of(arena.allocate(8, 8));
            ValueType f64 = ValueType.parse("f64");
            f64.store(memory, 0, f64.parseValue("-0.0"));
            assertEquals(f64.parseValue("-0.0"), Atomics.compareAndExchange(f64, memory, 0, f64.parseValue("0.0"), f64.parseValue("1")));
            assertEquals("-0.0", f64.format(f64.load(memory, 0)));
            f64.store(memory, 0, f64.parseValue("nan"));
            long nan = f64.parseValue("nan");
            assertEquals(nan, Atomics.compareAndExchange(f64, memory, 0, nan, f64.parseValue("2.5")));
            assertEquals("2.5", f64.format(f64.load(memory, 0)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"i16", "u16be", "i32", "u32le", "f32", "i64", "u64be", "f64"})
    void a_misaligned_value_is_refused_and_left_alone(String name) {
        try (Arena arena = Arena.ofConfined()) {
            WritableMemory memory = Memory.of(arena.allocate(32, 8));
            ValueType type = ValueType.parse(name);
            long offset = type.size() == 2 ? 5 : type.size() + 2;
            ShmException e = assertThrows(ShmException.class, () -> Atomics.addAndGet(type, memory, offset, 1));
            assertEquals("offset " + offset + " is not aligned for an atomic " + name + ": it must be a multiple of " + type.size()
                    + " (" + offset + " % " + type.size() + " = " + offset % type.size() + "); nothing was changed", e.getMessage());
            assertThrows(ShmException.class, () -> Atomics.compareAndExchange(type, memory, offset, 0, 1));
            assertEquals(-1, memory.mismatch(0, MemorySegment.ofArray(new byte[32]), 0, 32), "memory unchanged (all zero)");
        }
    }

    @Test
    void a_narrow_value_whose_word_runs_past_the_end_is_refused() {
        try (Arena arena = Arena.ofConfined()) {
            WritableMemory memory = Memory.of(arena.allocate(8, 8).asSlice(0, 6));
            ValueType u16 = ValueType.parse("u16");
            ShmException e = assertThrows(ShmException.class, () -> Atomics.addAndGet(u16, memory, 4, 1));
            assertTrue(e.getMessage().contains("needs the aligned 4 bytes at 4..7 inside the segment (6 bytes)"), e.getMessage());
        }
    }

    /** Threads in one process stand in for processes here; the ITs do it with processes and C peers. */
    @ParameterizedTest
    @ValueSource(strings = {"i64", "u32be", "i16be", "u8", "f64"})
    void threads_adding_at_once_lose_nothing_and_neighbours_keep_their_bytes(String name) throws Exception {
        ValueType type = ValueType.parse(name);
        int threads = 4;
        int each = type.size() == 1 ? 60 : type.size() == 2 ? 8_000 : 20_000; // totals that fit the type
        try (Arena arena = Arena.ofShared()) {
            WritableMemory memory = Memory.of(arena.allocate(24, 8));
            long offset = 8;
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        Atomics.addAndGet(type, memory, offset, type.parseDelta("1"));
                    }
                }));
            }
            // the next byte changes meanwhile (for u8 and i16be it shares the 4-byte word the loop swaps)
            ValueType neighbour = ValueType.parse("u8");
            long neighbourOffset = offset + type.size();
            for (int i = 0; i < 200; i++) {
                Atomics.addAndGet(neighbour, memory, neighbourOffset, 1);
            }
            for (Thread thread : running) {
                thread.join();
            }
            assertEquals(strip(String.valueOf(threads * each)), strip(type.format(type.load(memory, offset))));
            assertEquals(200, neighbour.load(memory, neighbourOffset));
        }
    }
}
