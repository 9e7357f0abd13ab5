package shmkit.watch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import shmkit.segment.Memory;
import shmkit.segment.Segment;

/**
 * A {@link Watcher}'s way for a range too large to copy: a 64-bit fingerprint of each 4 KiB page (2 MiB
 * a gigabyte; beyond 4 GiB, of blocks of 2, 4, ... pages, so never more than 8 MiB), and exact copies
 * of the few pages that matter now ("kept" pages). Owns the fingerprints (heap), the page copies and
 * one scan buffer (native memory of its own arena, 384 KiB).
 *
 * <p>Kept pages are compared with the mapping at every poll, as a small range is, so a change there shows
 * within a poll: the pages that changed lately, those a screen shows ({@link #focus}), and the first
 * {@link #READ_KEEPS} pages a listener reads (the bytes its line shows). Everything else is scanned in the
 * background: read a slice at a time with positional reads into one buffer, never through the mapping,
 * so the range's pages never become resident; each page is hashed and checked against its fingerprint,
 * and a page that changed becomes kept. Slices alternate between the whole range and the pages the
 * listener last read from the file (the rest of a long line), so a change that alters what is printed
 * is found within a pass of those pages rather than of the whole range.
 *
 * <p>Old bytes exist only for kept pages, and nothing needs them elsewhere: a line is made from the
 * bytes as they are now (read from the file where no copy is kept), and a screen highlights only what
 * it shows, which is kept. A page found changed by the scan is reported as a change of the range; which
 * of its bytes changed is not known, and need not be. Beyond 4 GiB, where a fingerprint covers several
 * pages, a changed block is not narrowed down to a page: it is reported and left to the scan, and a
 * kept page's change may be reported twice (once by the comparison, once by its block's fingerprint).
 */
final class PageFingerprints implements Watcher.Comparison, WatchedBytes {
    /**
     * How many pages are kept: recently changed or read, and focused. Each is compared through the
     * mapping, and touching a mapped page makes the kernel map its neighbours too: 64 KiB around it on
     * tmpfs, a whole large folio (up to 2 MiB) on a disk filesystem that has them; 32 keeps even that
     * worst case (64 MiB) inside what a command may take.
     */
    static final int SLOTS = Watcher.HOT_PAGES;
    /** The most pages a focus keeps (a screen shows far fewer: 200 rows of 32 bytes are 2 pages). */
    static final int FOCUS_PAGES = 16;
    /** How many of the pages a listener reads between two polls are kept (a line's first 32 KiB). */
    static final int READ_KEEPS = 8;
    /** The most fingerprints: 8 MiB of them, 4 KiB each up to a 4 GiB range. */
    static final int MAX_BLOCKS = 1 << 20;

    private static final long PAGE = Watcher.PAGE;

    private final Segment region;
    private final long offset;
    private final long length;
    private final ScanPace pace;
    private final BooleanSupplier scanSlice = this::scanSlice;
    private final Arena arena = Arena.ofConfined();
    private final Memory live;
    /** Pages per fingerprint, as a shift: 0 (one page) up to 4 GiB. */
    private final int blockShift;
    private final long block;
    private final long[] fingerprints;
    private final long slice;
    private final MemorySegment buffer;

    private final MemorySegment slots;
    private final long[] slotPage = new long[SLOTS];
    /** The poll in which the page last changed or was read: the least recent is given up first. */
    private final long[] slotUsed = new long[SLOTS];
    private final boolean[] slotFocused = new boolean[SLOTS];

    private long polls;
    private long scanCursor;
    private boolean coldTurn;
    /** The blocks the listener last read from the file, not kept: [coldFrom, coldEnd) in bytes, block-aligned. */
    private long coldFrom;
    private long coldEnd;
    private long coldCursor;
    /** The listener's next read is the first since a poll: what it reads starts afresh. */
    private boolean freshReads = true;
    private long pagesRead;
    private long lastPageRead;

    /** Fingerprints the range's current bytes (a full read of it): what later polls compare against. */
    PageFingerprints(Segment region, long offset, long length, ScanPace pace, int maxBlocks) {
        this.region = region;
        this.offset = offset;
        this.length = length;
        this.pace = pace;
        long pages = (length + PAGE - 1) / PAGE;
        int shift = 0;
        while ((pages + (1L << shift) - 1) >> shift > maxBlocks) {
            shift++;
        }
        this.blockShift = shift;
        this.block = PAGE << shift;
        this.fingerprints = new long[(int) ((pages + (1L << shift) - 1) >> shift)];
        this.slice = Math.max(Watcher.SLICE, block);
        this.buffer = arena.allocate(slice, PAGE);
        this.slots = arena.allocate(SLOTS * PAGE, PAGE);
        Arrays.fill(slotPage, -1);
        try {
            // Mapping is free until a page is touched: only kept pages are, through this.
            this.live = region.memory();
            for (long at = 0; at < length; at += slice) {
                long n = Math.min(slice, length - at);
                read(at, n);
                for (long b = at; b < at + n; b += block) {
                    fingerprints[(int) (b / block)] = hash(buffer, b - at, Math.min(block, length - b));
                }
            }
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public WatchedBytes value() {
        return this;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public boolean compare() {
        polls++;
        freshReads = true;
        boolean changed = false;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slotPage[slot] >= 0 && refresh(slot)) {
                changed = true;
            }
        }
        return pace.run(scanSlice) | changed;
    }

    /** Compares a kept page with the mapping and copies what differs. */
    private boolean refresh(int slot) {
        long from = slotPage[slot] * PAGE;
        long n = pageLength(slotPage[slot]);
        long base = slot * PAGE;
        long at = live.mismatch(offset + from, slots, base, n);
        if (at < 0) {
            return false;
        }
        live.copyTo(offset + from + at, slots, base + at, n - at);
        slotUsed[slot] = polls;
        return true;
    }

    /** One slice of the background scan: of the pages the listener reads from the file every other time, else of the whole range. */
    private boolean scanSlice() {
        coldTurn = !coldTurn;
        long from;
        long n;
        if (coldTurn && coldEnd > coldFrom) {
            from = coldCursor >= coldFrom && coldCursor < coldEnd ? coldCursor : coldFrom;
            n = Math.min(slice, coldEnd - from);
            coldCursor = from + n;
        } else {
            from = scanCursor;
            n = Math.min(slice, length - from);
            scanCursor = from + n == length ? 0 : from + n;
        }
        return scanBlocks(from, n);
    }

    /** Reads [from, from+n) (whole blocks) and checks each block that is not kept against its fingerprint. */
    private boolean scanBlocks(long from, long n) {
        read(from, n);
        boolean changed = false;
        for (long at = from; at < from + n; at += block) {
            long page = at / PAGE;
            if (blockShift == 0 && slotOf(page) >= 0) {
                continue; // compared at every poll already
            }
            long size = Math.min(block, length - at);
            long fingerprint = hash(buffer, at - from, size);
            int index = (int) (at / block);
            if (fingerprint != fingerprints[index]) {
                fingerprints[index] = fingerprint;
                changed = true;
                if (blockShift == 0) {
                    // Writers tend to write the same place again: from now on it is compared at every poll.
                    int slot = takeSlot(page);
                    MemorySegment.copy(buffer, at - from, slots, slot * PAGE, size);
                }
            }
        }
        return changed;
    }

    @Override
    public void focus(long from, long length) {
        long first = from / PAGE;
        long end = length == 0 ? first : Math.min((from + length + PAGE - 1) / PAGE, first + FOCUS_PAGES);
        for (int slot = 0; slot < SLOTS; slot++) {
            slotFocused[slot] = slotPage[slot] >= first && slotPage[slot] < end;
        }
        for (long page = first; page < end; page++) {
            int slot = slotOf(page);
            if (slot < 0) {
                slot = keepFromFile(page);
            }
            slotFocused[slot] = true;
        }
    }

    /**
     * Copies bytes out for a listener: from the copy of a kept page, else from the file. The first
     * {@link #READ_KEEPS} pages read after a poll are kept (read once, then compared at every poll);
     * the others are read from the file each time, and the scan looks at them every other slice.
     */
    @Override
    public void copy(long from, byte[] into, int at, int n) {
        Objects.checkFromIndexSize(from, n, length);
        Objects.checkFromIndexSize(at, n, into.length);
        if (freshReads) {
            freshReads = false;
            pagesRead = 0;
            lastPageRead = -1;
            coldFrom = coldEnd = 0;
        }
        long end = from + n;
        while (from < end) {
            long page = from / PAGE;
            if (page != lastPageRead) {
                lastPageRead = page;
                pagesRead++;
            }
            int slot = slotOf(page);
            if (slot < 0 && pagesRead <= READ_KEEPS) {
                slot = keepFromFile(page);
            }
            if (slot >= 0) {
                int chunk = (int) (Math.min((page + 1) * PAGE, end) - from);
                slotUsed[slot] = polls;
                MemorySegment.copy(slots, slot * PAGE + from - page * PAGE, MemorySegment.ofArray(into), at, chunk);
                from += chunk;
                at += chunk;
                continue;
            }
            // A run of pages that are not kept: one read through the buffer, as much as it holds.
            long runEnd = Math.min(Math.min(end, from + slice), (page + 1) * PAGE);
            while (runEnd < end && runEnd - from < slice && slotOf(runEnd / PAGE) < 0) {
                runEnd = Math.min(Math.min(end, from + slice), runEnd + PAGE);
            }
            int chunk = (int) (runEnd - from);
            read(from, chunk);
            MemorySegment.copy(buffer, 0, MemorySegment.ofArray(into), at, chunk);
            long blockFrom = from / block * block;
            long blockEnd = Math.min(length, (runEnd + block - 1) / block * block);
            coldFrom = coldEnd > coldFrom ? Math.min(coldFrom, blockFrom) : blockFrom;
            coldEnd = Math.max(coldEnd, blockEnd);
            lastPageRead = (runEnd - 1) / PAGE;
            pagesRead += lastPageRead - page;
            from = runEnd;
            at += chunk;
        }
    }

    /** Makes the page kept with its bytes as they are now in the file. */
    private int keepFromFile(long page) {
        int slot = takeSlot(page);
        region.readFully(offset + page * PAGE, slots.asSlice(slot * PAGE, pageLength(page)).asByteBuffer());
        return slot;
    }

    /** A slot for the page (whose bytes the caller puts there), giving up the least recently used page if none is free. */
    private int takeSlot(long page) {
        int victim = -1;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slotPage[slot] < 0) {
                victim = slot;
                break;
            }
            if (!slotFocused[slot] && (victim < 0 || slotUsed[slot] < slotUsed[victim])) {
                victim = slot;
            }
        }
        long given = slotPage[victim];
        if (given >= 0 && blockShift == 0) {
            // Its fingerprint becomes that of the bytes last compared: a change since shows in the scan.
            fingerprints[(int) given] = hash(slots, victim * PAGE, pageLength(given));
        }
        slotPage[victim] = page;
        slotUsed[victim] = polls;
        slotFocused[victim] = false;
        return victim;
    }

    private int slotOf(long page) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slotPage[slot] == page) {
                return slot;
            }
        }
        return -1;
    }

    private long pageLength(long page) {
        return Math.min(PAGE, length - page * PAGE);
    }

    /** Reads n bytes of the range at {@code from} into the buffer: from the file, not the mapping. */
    private void read(long from, long n) {
        region.readFully(offset + from, buffer.asSlice(0, n).asByteBuffer());
    }

    @Override
    public int hotPageCount() {
        int count = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            count += slotPage[slot] >= 0 && !slotFocused[slot] ? 1 : 0;
        }
        return count;
    }

    private static final long K1 = 0x9E3779B97F4A7C15L;
    private static final long K2 = 0xC2B2AE3D27D4EB4FL;

    /*
     * A block's fingerprint: four lanes, each h = rotl((h ^ word) * K1, 29) over every fourth 8-byte word,
     * then merged and mixed (murmur3's finaliser). For a given word each step is a bijection of h (xor,
     * multiply by an odd constant, rotate), and for a given h an injection of the word; merging and mixing
     * are bijections of each lane too. So a change confined to one lane, such as any change of a single
     * 8-byte word, always changes the fingerprint; a change spread over several lanes keeps it only by
     * coincidence, about once in 2^64 changes. A collision would be one change missed until the page
     * changes again, never a wrong byte shown: lines are made from the bytes themselves. About 90 ms a
     * GiB here, against some 200 for reading the bytes into the buffer.
     */
    static long hash(MemorySegment bytes, long from, long n) {
        long a = 0x243F6A8885A308D3L;
        long b = 0x13198A2E03707344L;
        long c = 0xA4093822299F31D0L;
        long d = 0x082EFA98EC4E6C89L;
        // An int-counted loop: C2 unrolls it and drops the bounds checks (a long-counted one ran ~40% slower).
        int groups = (int) (n >>> 5);
        for (int i = 0; i < groups; i++) {
            long at = from + ((long) i << 5);
            a = Long.rotateLeft((a ^ bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, at)) * K1, 29);
            b = Long.rotateLeft((b ^ bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8)) * K1, 29);
            c = Long.rotateLeft((c ^ bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 16)) * K1, 29);
            d = Long.rotateLeft((d ^ bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 24)) * K1, 29);
        }
        // The tail of a range that does not end on 32 bytes: into the first lane, a word at a time.
        long end = from + n;
        for (long at = from + ((long) groups << 5); at < end; at += 8) {
            long word = 0;
            for (long i = Math.min(end, at + 8) - 1; i >= at; i--) {
                word = word << 8 | (bytes.get(ValueLayout.JAVA_BYTE, i) & 0xff);
            }
            a = Long.rotateLeft((a ^ word) * K1, 29);
        }
        long h = a + Long.rotateLeft(b, 7) + Long.rotateLeft(c, 12) + Long.rotateLeft(d, 18) + n;
        h ^= h >>> 33;
        h *= K2;
        h ^= h >>> 29;
        h *= K1;
        return h ^ h >>> 32;
    }

    @Override
    public void close() {
        arena.close();
    }
}
