import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The floor for scripts/bench.d/startup: a bare JVM that maps a file and prints its first N bytes. */
public class BareRead {
    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ);
             Arena arena = Arena.ofConfined()) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            byte[] bytes = new byte[n];
            MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
            System.out.write(bytes);
            System.out.flush();
        }
    }
}
