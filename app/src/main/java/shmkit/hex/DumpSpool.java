package shmkit.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import shmkit.ShmException;

/**
 * What a dump writes, kept until the whole dump has been checked, for a dump that can be read only
 * once (a pipe): the first {@code memoryLimit} bytes in memory, the rest in a file in a temporary
 * folder that is unlinked as soon as it is open, so it is gone when this closes or the process dies.
 * Owns that memory and that file. Each piece is a record (offset, length, copies, then its bytes);
 * {@link #replayTo} hands them to another sink in the order they came.
 */
public final class DumpSpool implements DumpParser.Sink, AutoCloseable {
    private static final int HEADER = 20;
    private static final int BLOCK = 1 << 20;
    private static final int FILE_BUFFER = 1 << 20;

    private final Path folder;
    private final long memoryLimit;
    private final List<byte[]> blocks = new ArrayList<>();
    private final byte[] header = new byte[HEADER];
    /** Bytes held in {@link #blocks}: every block but the last is full. */
    private long inMemory;
    private int lastUsed;
    private FileChannel file;
    private ByteBuffer toFile;

    /**
     * @param folder      where the file goes once memory is full (TMPDIR)
     * @param memoryLimit how many bytes of records to keep in memory
     */
    public DumpSpool(Path folder, long memoryLimit) {
        this.folder = folder;
        this.memoryLimit = memoryLimit;
    }

    @Override
    public void data(long at, byte[] bytes, int from, int length) throws IOException {
        record(at, length, 1, bytes, from);
    }

    @Override
    public void repeat(long at, byte[] line, int length, long times) throws IOException {
        record(at, length, times, line, 0);
    }

    /** A record: offset (8 bytes), copies (8), length (4), then the bytes. */
    private void record(long at, int length, long times, byte[] bytes, int from) throws IOException {
        putLong(header, 0, at);
        putLong(header, 8, times);
        header[16] = (byte) (length >>> 24);
        header[17] = (byte) (length >>> 16);
        header[18] = (byte) (length >>> 8);
        header[19] = (byte) length;
        append(header, 0, HEADER);
        append(bytes, from, length);
    }

    private void append(byte[] bytes, int from, int length) throws IOException {
        while (length > 0 && inMemory < memoryLimit) {
            byte[] last = blocks.isEmpty() ? null : blocks.getLast();
            if (last == null || lastUsed == last.length) {
                // Blocks grow from 64 KiB, so a small dump costs little memory.
                int size = (int) Math.min(memoryLimit - inMemory,
                        last == null ? 64 << 10 : Math.min(BLOCK, (long) last.length * 2));
                last = new byte[size];
                blocks.add(last);
                lastUsed = 0;
            }
            int n = Math.min(length, last.length - lastUsed);
            System.arraycopy(bytes, from, last, lastUsed, n);
            lastUsed += n;
            inMemory += n;
            from += n;
            length -= n;
        }
        if (length > 0) {
            spill(bytes, from, length);
        }
    }

    private void spill(byte[] bytes, int from, int length) throws IOException {
        if (file == null) {
            file = openUnlinked();
            toFile = ByteBuffer.allocate(FILE_BUFFER);
        }
        while (length > 0) {
            int n = Math.min(length, toFile.remaining());
            toFile.put(bytes, from, n);
            from += n;
            length -= n;
            if (!toFile.hasRemaining()) {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        toFile.flip();
        try {
            while (toFile.hasRemaining()) {
                file.write(toFile);
            }
        } catch (IOException e) {
            throw failed("cannot keep the dump in " + folder + " while it is checked", e);
        }
        toFile.clear();
    }

    private FileChannel openUnlinked() {
        Path path;
        try {
            path = Files.createTempFile(folder, "shm-dump-", ".spool");
        } catch (IOException e) {
            throw failed("cannot make a file in " + folder + " to keep the dump in while it is checked", e);
        }
        try {
            return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failed("cannot open " + path + " to keep the dump in while it is checked", e);
        } finally {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // an open channel keeps the file; one left behind is a temporary file like any other
            }
        }
    }

    private static ShmException failed(String what, IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        return ShmException.failure(what + " (" + reason + "; TMPDIR chooses the folder); nothing was written", e);
    }

    /** Hands every record to {@code sink}, in the order they came. */
    public void replayTo(DumpParser.Sink sink) throws IOException {
        Reader reader = new Reader();
        byte[] head = new byte[HEADER];
        byte[] payload = new byte[0];
        while (reader.read(head, HEADER)) {
            long at = getLong(head, 0);
            long times = getLong(head, 8);
            int length = (head[16] & 0xff) << 24 | (head[17] & 0xff) << 16 | (head[18] & 0xff) << 8 | head[19] & 0xff;
            if (payload.length < length) {
                payload = new byte[length];
            }
            if (!reader.read(payload, length)) {
                throw new IllegalStateException("the dump's spool ended inside a record");
            }
            if (times == 1) {
                sink.data(at, payload, 0, length);
            } else {
                sink.repeat(at, payload, length, times);
            }
        }
    }

    /** The records as one stream: the blocks in memory, then the file from its start. */
    private final class Reader {
        private int block;
        private int inBlock;
        private long filePosition;
        private ByteBuffer fromFile;

        Reader() throws IOException {
            if (file != null && toFile.position() > 0) {
                drain();
            }
        }

        /** Fills {@code into[0, n)}; false when the records have ended. */
        boolean read(byte[] into, int n) throws IOException {
            int done = 0;
            while (done < n) {
                int got = next(into, done, n - done);
                if (got < 0) {
                    if (done > 0) {
                        throw new IllegalStateException("the dump's spool ended inside a record");
                    }
                    return false;
                }
                done += got;
            }
            return true;
        }

        private int next(byte[] into, int at, int n) throws IOException {
            if (block < blocks.size()) {
                byte[] current = blocks.get(block);
                int used = block == blocks.size() - 1 ? lastUsed : current.length;
                if (inBlock == used) {
                    block++;
                    inBlock = 0;
                    return 0;
                }
                int k = Math.min(n, used - inBlock);
                System.arraycopy(current, inBlock, into, at, k);
                inBlock += k;
                return k;
            }
            if (file == null) {
                return -1;
            }
            if (fromFile == null) {
                fromFile = ByteBuffer.allocate(FILE_BUFFER).flip();
            }
            if (!fromFile.hasRemaining()) {
                fromFile.clear();
                int read = file.read(fromFile, filePosition);
                fromFile.flip();
                if (read <= 0) {
                    return -1;
                }
                filePosition += read;
            }
            int k = Math.min(n, fromFile.remaining());
            fromFile.get(into, at, k);
            return k;
        }
    }

    private static void putLong(byte[] bytes, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long getLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | bytes[at + i] & 0xff;
        }
        return value;
    }

    /** Frees the memory and closes (so removes) the file. */
    @Override
    public void close() throws IOException {
        blocks.clear();
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
