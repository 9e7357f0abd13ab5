package shmkit.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shmkit.text.SafeText;

/**
 * Arguments and SHM_DIR as the kernel passed them, to refuse bytes that are not UTF-8. The JVM
 * decodes both into Strings, turning every such byte into U+FFFD: a name with 0xff and one with
 * 0xfe would both become "\uFFFD" and reach the file system as its UTF-8 bytes, a third name. So
 * when a decoded value holds U+FFFD, the raw bytes (/proc/self/cmdline, /proc/self/environ) tell a
 * real U+FFFD (valid UTF-8, kept) from a byte the JVM could not decode (refused, exit 2). Costs
 * nothing when no value holds U+FFFD.
 */
final class RawArgs {
    private RawArgs() {}

    /** One line naming the first value that is not UTF-8, or null when all are. */
    static String problem(String[] args, Map<String, String> env) {
        boolean suspect = false;
        for (String arg : args) {
            suspect |= arg.indexOf('\uFFFD') >= 0;
        }
        if (suspect) {
            List<byte[]> raw = lastEntries(Path.of("/proc/self/cmdline"), args.length);
            for (int i = 0; i < raw.size(); i++) {
                if (!isUtf8(raw.get(i))) {
                    return "argument " + (i + 1) + " ('" + SafeText.lineOf(raw.get(i), 0, Math.min(raw.get(i).length, 100))
                            + "') is not valid UTF-8; shm passes names to the file system byte for byte, so it refuses"
                            + " bytes it cannot pass on unchanged";
                }
            }
        }
        String dir = env.get("SHM_DIR");
        if (dir != null && dir.indexOf('\uFFFD') >= 0) {
            for (byte[] entry : lastEntries(Path.of("/proc/self/environ"), Integer.MAX_VALUE)) {
                String text = new String(entry, StandardCharsets.ISO_8859_1);
                if (text.startsWith("SHM_DIR=") && !isUtf8(java.util.Arrays.copyOfRange(entry, 8, entry.length))) {
                    return "SHM_DIR ('" + SafeText.lineOf(entry, 8, Math.min(entry.length - 8, 100))
                            + "') is not valid UTF-8; set it to a folder whose name is";
                }
            }
        }
        return null;
    }

    /** The last {@code count} NUL-terminated entries of a /proc file (all, when fewer). */
    private static List<byte[]> lastEntries(Path file, int count) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException | UnsupportedOperationException e) {
            return List.of(); // no /proc: nothing to compare against, the JVM's strings stand
        }
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                entries.add(java.util.Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return entries.subList(Math.max(0, entries.size() - count), entries.size());
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
