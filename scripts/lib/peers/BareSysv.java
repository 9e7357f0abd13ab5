import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The floor for a System V read in scripts/bench.d/startup: a bare JVM that does what the read must
 * do and nothing else: shmget(KEY, 0, 0) and shmat(id, NULL, SHM_RDONLY) through the FFM linker (the
 * only way this project may call them), then prints the first N bytes. Bound as shm binds its System
 * V calls: one downcall shape for both, so the linker builds one stub, and errno captured, which a
 * command needs to say why the kernel refused (without the capture this peer starts ~13 ms of CPU
 * sooner here). No detach, no messages, no checks beyond failing loudly.
 *   BareSysv 0xKEY [N]
 */
public class BareSysv {
    public static void main(String[] args) throws Throwable {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        FunctionDescriptor shape = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MethodHandle shmget = linker.downcallHandle(libc.find("shmget").orElseThrow(), shape, errno);
        MethodHandle shmat = linker.downcallHandle(libc.find("shmat").orElseThrow(), shape, errno);
        MemorySegment state = Arena.ofConfined().allocate(Linker.Option.captureStateLayout());
        long key = Long.parseLong(args[0].substring(2), 16);
        long id = (long) shmget.invokeExact(state, key, 0L, 0L);
        long address = (long) shmat.invokeExact(state, (long) (int) id, 0L, 010000L);
        if ((int) id < 0 || address == -1L) {
            throw new IllegalStateException("no System V segment " + args[0]);
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(MemorySegment.ofAddress(address).reinterpret(n), ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
        System.out.write(bytes);
        System.out.flush();
    }
}
