import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The floor for scripts/bench.d/startup: a bare JVM that maps a file and prints its first N bytes
 * (the peer), or with "pread" reads them by positional I/O, as shm's raw reads do.
 *   BareRead FILE [N [pread]]
 */
public class BareRead {
    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        byte[] bytes = new byte[n];
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            if (args.length > 2 && args[2].equals("pread")) {
                channel.read(ByteBuffer.wrap(bytes), 0);
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
                    MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
                }
            }
        }
        System.out.write(bytes);
        System.out.flush();
    }
}
