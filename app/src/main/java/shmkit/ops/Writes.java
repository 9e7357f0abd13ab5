package shmkit.ops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import shmkit.ShmException;
import shmkit.hex.DumpParser;
import shmkit.hex.DumpSpool;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.WritableSegment;
import shmkit.value.Stores;

/**
 * shm write's work: bytes into a segment, from text or hex (padded with zeros to a length), a fill
 * byte, standard input, a hex dump, or typed values. A write that does not fit is refused whole,
 * before any byte moves; one that cannot be all-or-nothing (a long pipe, an interrupt) says exactly
 * how far it got (docs/guarantees.md).
 */
public final class Writes {
    /** Standard input of unknown length is held up to this much, so a bad length is refused before a byte moves. */
    public static final int STAGE = 16 << 20;
    /** A dump from a pipe keeps this much of what it writes in memory while it is checked; the rest waits in the scratch folder. */
    public static final long SPOOL_MEMORY = 32 << 20;

    private final Env env;
    private final SegmentName name;
    private final long offset;
    private final LockSpec lock;
    private final boolean sync;

    /**
     * @param offset where the write starts (a dump's offsets are relative to it, as {@code xxd -r -s})
     * @param sync   msync the written range before returning, and report its failure
     */
    public Writes(Env env, SegmentName name, long offset, LockSpec lock, boolean sync) {
        this.env = env;
        this.name = name;
        this.offset = offset;
        this.lock = lock;
        this.sync = sync;
    }

    /**
     * Refuses a write that does not fit, saying how to make room: a write past the end is the one
     * refusal that 'shm resize' answers.
     */
    private static void checkFits(WritableSegment segment, long offset, long length) {
        try {
            segment.checkRange(offset, length);
        } catch (ShmException e) {
            if (e.reason() == ShmException.Reason.OUT_OF_RANGE && offset >= 0 && length >= 0 && offset + length > segment.size()) {
                throw new ShmException(e.reason(), e.getMessage() + "; to grow it: shm resize " + segment.name().arg()
                        + " --size " + (offset + length));
            }
            throw e;
        }
    }

    /** Up to this many bytes, padded text goes out in one write (above it, the zeros follow in bounded memory). */
    private static final int ONE_WRITE = 1 << 20;

    /** {@code bytes}, then zeros up to {@code length} bytes in all (null: just the bytes). */
    public void bytes(byte[] bytes, Long length) {
        long total = length != null ? length : bytes.length;
        if (bytes.length > total) {
            throw ShmException.usage(bytes.length + " bytes do not fit in --length " + total);
        }
        try (WritableSegment segment = env.opener().openWritable(name)) {
            checkFits(segment, offset, total);
            try (Segment.Held held = lock.exclusive(segment, offset, total)) {
                if (total <= ONE_WRITE) {
                    // One write for the text and its zeros: a reader polling the string never sees the
                    // new text run on into the old one ("done" over "impostor" read as "donestor").
                    segment.write(offset, java.util.Arrays.copyOf(bytes, (int) total));
                } else {
                    segment.write(offset, bytes);
                    segment.fill(offset + bytes.length, total - bytes.length, (byte) 0);
                }
            }
            finish(segment, offset, total);
        }
    }

    /** {@code length} bytes of {@code value}. */
    public void fill(byte value, long length) {
        try (WritableSegment segment = env.opener().openWritable(name)) {
            checkFits(segment, offset, length);
            try (Segment.Held held = lock.exclusive(segment, offset, length)) {
                segment.fill(offset, length, value);
            }
            finish(segment, offset, length);
        }
    }

    /** Typed values, checked in full before the segment is opened, so a refused write changes nothing. */
    public void values(Stores stores) {
        try (WritableSegment segment = env.opener().openWritable(name)) {
            checkFits(segment, offset, stores.byteSize());
            try (Segment.Held held = lock.exclusive(segment, offset, stores.byteSize())) {
                segment.withWritableMemory(offset, stores.byteSize(), memory -> {
                    stores.apply(memory, offset);
                    return null;
                });
            }
            finish(segment, offset, stores.byteSize());
        }
    }

    /**
     * Standard input, exactly {@code length} bytes (null: all of it, to fit before the end). Its length
     * is checked before any byte moves when it is known: a file redirected with '<', or a pipe that ends
     * within {@link #STAGE} bytes. A longer pipe is streamed, and if it then proves too short or too
     * long, or an interrupt stops it, the message says how much was written. Returns the bytes written.
     */
    public long stdin(Long length) throws IOException {
        try (WritableSegment segment = env.opener().openWritable(name)) {
            segment.checkRange(offset, length == null ? 0 : length);
            long written;
            // The bytes touched are known only at the stream's end: lock up to --length or the end.
            // A pipe's read can block, so an interrupt closes it to wake the read; a file's never
            // blocks, and the kernel's copy from it is not to be cut off halfway (its bytes would
            // land unreported): the copy stops at the next chunk.
            FileChannel file = env.in().file();
            Interrupts.Flag flag = file != null ? new Interrupts.Flag() : Interrupts.Flag.closing(env.in().channel());
            try (Segment.Held held = lock.exclusive(segment, offset, length != null ? length : segment.size() - offset);
                 Interrupts.Registration stop = env.interrupts().during(flag)) {
                written = copyStdin(segment, length, flag, file);
            } catch (IOException e) {
                if (flag.raised()) {
                    throw interrupted(flag, progress);
                }
                throw e;
            }
            finish(segment, offset, written);
            return written;
        }
    }

    /** How many bytes of standard input are in the segment so far (what an interrupt reports). */
    private long progress;

    /** {@code file}: standard input's channel when it is a regular file (its length known), else null. */
    private long copyStdin(WritableSegment segment, Long length, Interrupts.Flag flag, FileChannel file) throws IOException {
        long limit = length != null ? length : segment.size() - offset;
        Input in = env.in();
        long known = file == null ? -1 : Math.max(0, file.size() - file.position());
        if (known >= 0) {
            if (length == null) {
                segment.checkRange(offset, known);
            } else if (known < length) {
                throw endedEarly(known, length, 0);
            }
            long wanted = length != null ? length : known;
            long total = streamFile(segment, file, offset, wanted, flag);
            if (length != null && total < length) {
                throw endedEarly(total, length, total);
            }
            return total;
        }
        // Through the channel, not the stream: a read blocked on a pipe returns when an interrupt comes.
        ReadableByteChannel channel = in.channel();
        // Staged outside the heap: a heap array would be copied twice more, through the JDK's
        // temporary direct buffers, on its way in and out.
        ByteBuffer staged = ByteBuffer.allocateDirect((int) Math.min(limit, STAGE));
        int got = readFully(channel, staged);
        staged.flip();
        if (got < staged.capacity() || got == limit) {
            if (length != null && got < length) {
                throw endedEarly(got, length, 0);
            }
            if (length == null && got == limit && more(channel)) {
                throw tooLong(segment, 0);
            }
            segment.write(offset, staged);
            progress = got;
            return got;
        }
        segment.write(offset, staged);
        progress = got;
        long total = got + stream(segment, channel, offset + got, limit - got, got, length != null ? length : -1, flag);
        if (length != null && total < length) {
            throw endedEarly(total, length, total);
        }
        if (length == null && total == limit && more(channel)) {
            throw tooLong(segment, total);
        }
        return total;
    }

    private static int readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // until full or at the end
        }
        return buffer.position();
    }

    private static boolean more(ReadableByteChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int n;
        do {
            n = channel.read(one);
        } while (n == 0);
        return n > 0;
    }

    /** Streams up to {@code limit} bytes to {@code at}, {@code before} bytes having gone in already; stops on an interrupt. */
    private long stream(WritableSegment segment, ReadableByteChannel in, long at, long limit, long before, long total,
                        Interrupts.Flag flag) throws IOException {
        try (Meter meter = env.meters().start("write", total)) {
            long copied = segment.copyFrom(in, at, limit, done -> {
                progress = before + done;
                meter.accept(before + done);
                return !flag.raised();
            });
            if (flag.raised()) {
                progress = before + copied;
                throw interrupted(flag, progress);
            }
            return copied;
        }
    }

    /** The same from a regular file on standard input, which the kernel copies (copy_file_range). */
    private long streamFile(WritableSegment segment, FileChannel in, long at, long limit, Interrupts.Flag flag) throws IOException {
        try (Meter meter = env.meters().start("write", limit)) {
            long copied = segment.copyFromFile(in, at, limit, done -> {
                progress = done;
                meter.accept(done);
                return !flag.raised();
            });
            if (flag.raised()) {
                progress = copied;
                throw interrupted(flag, progress);
            }
            return copied;
        }
    }

    /** What an interrupt of a stream leaves: exactly the bytes it names, from the offset on. */
    private ShmException interrupted(Interrupts.Flag flag, long written) {
        return ShmException.interrupted(flag.signal(), written == 0 ? "interrupted: nothing of standard input was written to " + name
                : "interrupted: wrote " + written + " bytes of standard input to " + name + " at offsets " + offset + ".."
                        + (offset + written) + "; nothing from offset " + (offset + written) + " on was written");
    }

    /**
     * A hex dump on standard input, checked whole before a byte is written, in bounded memory. A file
     * is read twice: once to check every line, once to write, keeping nothing in between. A pipe is
     * read once into a {@link DumpSpool} (memory, then a file in the scratch folder) and written from
     * there. A negative offset moves the dump's offsets back (xxd -r -s -N); a dump past the end is
     * refused with the size to grow to. Returns what to note on standard error about a dump that was
     * written but not to the letter (a lone digit left out), or null.
     */
    public String dump() throws IOException {
        try (WritableSegment segment = env.opener().openWritable(name)) {
            if (offset >= 0) {
                segment.checkRange(offset, 0);
            }
            String target = segment.name().toString();
            String arg = segment.name().arg();
            String quoted = arg.matches("[A-Za-z0-9._/+:@%=,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
            java.util.function.LongFunction<String> grow = size -> "shm resize " + quoted + " --size " + size;
            DumpParser.Sink writes = DumpParser.writingTo(segment::write);
            FileChannel file = env.in().file();
            DumpParser.Extent extent;
            if (file != null) {
                long start = file.position();
                extent = DumpParser.parse(env.in().stream(), offset, segment.size(), target, DumpParser.Sink.NONE, grow);
                long checked = file.position() - start;
                try (Segment.Held held = lockSpan(segment, extent)) {
                    file.position(start);
                    DumpParser.Extent written;
                    try {
                        written = DumpParser.parse(Channels.newInputStream(new Bounded(file, checked)), offset,
                                segment.size(), target, writes);
                    } catch (ShmException e) {
                        throw changedWhileWriting(e.getMessage());
                    }
                    if (!written.equals(extent)) {
                        throw changedWhileWriting("it now writes " + written.bytes() + " bytes, not " + extent.bytes());
                    }
                }
            } else {
                try (DumpSpool spool = new DumpSpool(env.scratch(), SPOOL_MEMORY)) {
                    extent = DumpParser.parse(env.in().stream(), offset, segment.size(), target, spool, grow);
                    try (Segment.Held held = lockSpan(segment, extent)) {
                        spool.replayTo(writes);
                    }
                }
            }
            finish(segment, extent.low(), extent.isEmpty() ? 0 : extent.high() - extent.low());
            return extent.note();
        }
    }

    /** --lock for a dump: the span from its first byte to its last. */
    private Segment.Held lockSpan(WritableSegment segment, DumpParser.Extent extent) {
        return extent.isEmpty() ? null : lock.exclusive(segment, extent.low(), extent.high() - extent.low());
    }

    /** After the bytes went in: --sync, and a check that the name still holds what was written. */
    private void finish(WritableSegment segment, long from, long length) {
        if (sync && length > 0) {
            segment.sync(from, length);
        }
        segment.requireUnchanged("being written");
    }

    private static ShmException changedWhileWriting(String what) {
        return new ShmException(ShmException.Reason.IO_ERROR, "standard input changed between the check of the dump and its writing ("
                + what + "); the lines before that were written");
    }

    private static ShmException endedEarly(long got, long wanted, long written) {
        return ShmException.failure("standard input ended after " + got + " bytes; --length asks for " + wanted + "; "
                + (written == 0 ? "nothing was written" : "the first " + written + " bytes were written"));
    }

    private ShmException tooLong(WritableSegment segment, long written) {
        String message = "standard input holds more than the " + (segment.size() - offset) + " bytes from offset " + offset
                + " to the end of " + segment.name() + " (" + segment.size() + " bytes); ";
        return written == 0 ? new ShmException(ShmException.Reason.OUT_OF_RANGE, message + "nothing was written")
                : ShmException.failure(message + "the first " + written + " bytes were written");
    }

    /** The first {@code left} bytes of a file from its position: the second pass reads what the first checked. */
    private static final class Bounded implements ReadableByteChannel {
        private final FileChannel file;
        private long left;

        Bounded(FileChannel file, long left) {
            this.file = file;
            this.left = left;
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            if (left <= 0) {
                return -1;
            }
            if (buffer.remaining() > left) {
                buffer.limit(buffer.position() + (int) left);
            }
            int n = file.read(buffer);
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() {
            // standard input stays open
        }
    }
}
