package shmkit.sys;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * System V shared memory: shmget(2), shmat(2), shmdt(2) and shmctl(2) with IPC_RMID. Bound on
 * first use, each in a holder of its own, so only a command given a {@code sysv:} name pays the
 * ~60 ms of binding (facts about segments come from /proc/sysvipc/shm, which needs no call).
 * Every method returns the call's result, or minus the errno: callers turn that into a message.
 * Addresses are plain numbers here; the memory at them is segment/'s to guard.
 */
public final class SysvCalls {
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    public static final int SHM_RDONLY = 010000;
    private static final int IPC_RMID = 0;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EIDRM = 43;

    private SysvCalls() {}

    /**
     * The four calls share one descriptor, three longs in and a long out (errno captured): the
     * linker builds a stub and a class for each shape it is asked for, ~12 ms apiece in a cold JVM,
     * and a second call of a shape it has built costs little, so a command binds one stub however
     * many of the calls it makes. Every 64-bit ABI the FFM linker supports passes an int argument
     * and returns an int result in a full register: an int goes in as the long of the same value,
     * an int result is the low half of the long that comes back ({@code (int)}), and a call that
     * takes fewer arguments (shmdt) never looks at the registers of the rest.
     */
    private static final FunctionDescriptor SHAPE = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

    /*
     * Each call is bound on its first use, in a holder of its own: a read attaches and detaches and
     * never creates or removes, and each call bound costs a cold JVM its own method handles (~4 ms of
     * CPU for the two a read does not make).
     */
    private static final class Shmget {
        static final MethodHandle CALL = bind("shmget");
    }

    private static final class Shmat {
        static final MethodHandle CALL = bind("shmat");
    }

    private static final class Shmdt {
        static final MethodHandle CALL = bind("shmdt");
    }

    private static final class Shmctl {
        static final MethodHandle CALL = bind("shmctl");
    }

    private static MethodHandle bind(String name) {
        return Libc.bindCapturingErrno(name, SHAPE).orElseThrow(() -> new IllegalStateException("no " + name + " to bind"));
    }

    /**
     * Whether this C library has the calls (a libc without System V IPC, such as some embedded ones,
     * does not): their symbols looked up, none bound.
     */
    public static boolean available() {
        return Libc.has("shmget") && Libc.has("shmat") && Libc.has("shmdt") && Libc.has("shmctl");
    }

    /** shmget(key, size, flags): the id, or -errno. */
    public static int get(int key, long size, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.ERRNO_STATE);
            int id = (int) (long) Shmget.CALL.invokeExact(state, (long) key, size, (long) flags);
            return id >= 0 ? id : -Libc.errno(state);
        } catch (Throwable e) {
            throw new IllegalStateException("shmget failed", e);
        }
    }

    /** shmat(id, NULL, SHM_RDONLY or 0): the address the kernel chose, or -errno. */
    public static long attach(int id, boolean readOnly) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.ERRNO_STATE);
            long address = (long) Shmat.CALL.invokeExact(state, (long) id, 0L, (long) (readOnly ? SHM_RDONLY : 0));
            return address != -1L ? address : -Libc.errno(state);
        } catch (Throwable e) {
            throw new IllegalStateException("shmat failed", e);
        }
    }

    /** shmdt(address): 0, or -errno. */
    public static int detach(long address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.ERRNO_STATE);
            int rc = (int) (long) Shmdt.CALL.invokeExact(state, address, 0L, 0L);
            return rc == 0 ? 0 : -Libc.errno(state);
        } catch (Throwable e) {
            throw new IllegalStateException("shmdt failed", e);
        }
    }

    /** shmctl(id, IPC_RMID, NULL): 0, or -errno. The segment goes when its last process detaches. */
    public static int remove(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.ERRNO_STATE);
            int rc = (int) (long) Shmctl.CALL.invokeExact(state, (long) id, (long) IPC_RMID, 0L); // buf: NULL
            return rc == 0 ? 0 : -Libc.errno(state);
        } catch (Throwable e) {
            throw new IllegalStateException("shmctl failed", e);
        }
    }
}
