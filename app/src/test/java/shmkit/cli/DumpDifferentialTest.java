package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shmkit.testing.CommandRun;
import shmkit.testing.Peers;
import shmkit.testing.Shm;

/**
 * The random differential: hundreds of random inputs (runs of zeros, repeated lines, one repeated
 * byte, text, noise) dumped with random options by shm and by the peer those options name (xxd,
 * hexdump -C, od, hexyl), byte for byte; and xxd-layout dumps both ways: shm's through xxd -r, xxd's
 * through write --from-dump. SHM_DIFF_SEED repeats a run, SHM_DIFF_CASES sizes it (default 400,
 * about ten seconds).
 */
class DumpDifferentialTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void peers() {
        Peers.require("xxd", "hexdump", "od", "hexyl");
    }

    /** One case: the peer's command and shm's options for the same dump (a file stands for %f). */
    private record Case(List<String> peer, List<String> shm, List<String> reverse) {
        @Override
        public String toString() {
            return String.join(" ", peer) + "  against  shm dump " + String.join(" ", shm);
        }
    }

    @Test
    void random_inputs_and_options_print_what_the_peers_print() throws IOException {
        long seed = System.getenv("SHM_DIFF_SEED") != null ? Long.parseLong(System.getenv("SHM_DIFF_SEED")) : System.nanoTime();
        int cases = System.getenv("SHM_DIFF_CASES") != null ? Integer.parseInt(System.getenv("SHM_DIFF_CASES")) : 400;
        Random random = new Random(seed);
        Shm shm = new Shm(dir);
        Path file = dir.resolve("input");
        int reversed = 0;
        for (int i = 0; i < cases; i++) {
            byte[] bytes = input(random);
            Files.write(file, bytes);
            Case c = switch (random.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> xxd(random, bytes.length);
                case 5, 6 -> hexdump(random, bytes.length);
                case 7, 8 -> od(random, bytes.length);
                default -> hexyl(random, bytes.length);
            };
            String context = "case " + i + " of seed " + seed + " (SHM_DIFF_SEED=" + seed + " repeats it), " + bytes.length
                    + " bytes: " + c;
            CommandRun peer = shm.exec(with(c.peer, file), null);
            assertEquals(0, peer.exit(), () -> context + "\n" + peer);
            List<String> args = new ArrayList<>(List.of("dump", file.toString()));
            args.addAll(c.shm);
            CommandRun ours = shm.run(args.toArray(String[]::new));
            assertEquals(0, ours.exit(), () -> context + "\n" + ours);
            assertEquals(text(peer.outBytes()), text(ours.outBytes()), context);
            if (c.reverse != null) {
                reversed++;
                reverse(shm, c, bytes, peer.outBytes(), context);
            }
        }
        assertTrue(reversed > cases / 10, "reversible cases: " + reversed);
    }

    /**
     * shm's dump through xxd -r into an empty file, and the peer's through write --from-dump into a
     * zeroed copy: both give back the bytes dumped, where they were.
     */
    private void reverse(Shm shm, Case c, byte[] bytes, byte[] dump, String context) throws IOException {
        Path rebuilt = dir.resolve("rebuilt");
        Files.deleteIfExists(rebuilt);
        Files.write(rebuilt, new byte[0]);
        Path dumpFile = dir.resolve("dump");
        Files.write(dumpFile, dump);
        List<String> xxd = new ArrayList<>(c.reverse);
        xxd.add(dumpFile.toString());
        xxd.add(rebuilt.toString());
        CommandRun back = shm.exec(xxd, null);
        assertEquals(0, back.exit(), () -> context + "\n" + back);
        long[] range = range(c.shm, bytes.length);
        byte[] expected = new byte[(int) (range[0] + range[1])];
        System.arraycopy(bytes, (int) range[0], expected, (int) range[0], (int) range[1]);
        byte[] got = Files.readAllBytes(rebuilt);
        byte[] padded = Arrays.copyOf(got, expected.length);
        assertEquals(text(expected), text(padded), context + ": through " + String.join(" ", c.reverse));
        Path target = dir.resolve("target");
        Files.write(target, new byte[Math.max(bytes.length, 1)]);
        List<String> write = new ArrayList<>(List.of("write", target.toString(), "--from-dump"));
        if (c.shm.contains("--plain")) {
            write.addAll(List.of("--offset", String.valueOf(range[0])));
        }
        CommandRun written = shm.runWithInput(dump, write.toArray(String[]::new));
        assertEquals(0, written.exit(), () -> context + "\n" + written);
        byte[] whole = Arrays.copyOf(expected, Math.max(bytes.length, 1));
        assertEquals(text(whole), text(Files.readAllBytes(target)), context + ": the peer's dump through write --from-dump");
    }

    /** Where the dump starts and how many bytes it holds, as shm's --offset and --length say, cut at the end. */
    private static long[] range(List<String> shm, int size) {
        long offset = 0;
        long length = -1;
        for (int k = 0; k < shm.size() - 1; k++) {
            if (shm.get(k).equals("--offset")) {
                offset = Long.decode(shm.get(k + 1));
            } else if (shm.get(k).equals("--length")) {
                length = Long.decode(shm.get(k + 1));
            }
        }
        offset = offset < 0 ? size + offset : Math.min(offset, size);
        length = length < 0 ? size - offset : Math.min(length, size - offset);
        return new long[] {offset, length};
    }

    private static List<String> with(List<String> command, Path file) {
        List<String> words = new ArrayList<>(command);
        words.add(file.toString());
        return words;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Up to 700 bytes from pieces: zeros, a repeated 16-byte line, one repeated byte, text, noise. */
    static byte[] input(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int size = random.nextInt(8) == 0 ? random.nextInt(20) : random.nextInt(700);
        byte[] line = new byte[16];
        random.nextBytes(line);
        while (out.size() < size) {
            int n = 1 + random.nextInt(Math.max(1, size - out.size()));
            switch (random.nextInt(5)) {
                case 0 -> out.writeBytes(new byte[n]);
                case 1 -> {
                    for (int k = 0; k < n; k++) {
                        out.write(line[(out.size()) % 16]);
                    }
                }
                case 2 -> {
                    byte[] same = new byte[n];
                    Arrays.fill(same, (byte) random.nextInt(256));
                    out.writeBytes(same);
                }
                case 3 -> {
                    for (int k = 0; k < n; k++) {
                        String alphabet = " \t\nabcXYZ09~{}";
                        out.write(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                default -> {
                    byte[] noise = new byte[n];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
            }
        }
        return Arrays.copyOf(out.toByteArray(), size);
    }

    /** --offset and --length for both sides (xxd -s -l, hexdump -s -n, od -j -N, hexyl -s -n), sometimes past the end. */
    private static void range(Random random, int size, List<String> peer, String skip, String count, List<String> shm,
                              boolean negative) {
        if (random.nextInt(3) == 0) {
            long offset = random.nextInt(4) == 0 ? size + random.nextInt(40) : random.nextInt(size + 1);
            if (negative && size > 0 && random.nextBoolean()) {
                offset = -(1 + random.nextInt(size));
            }
            peer.addAll(List.of(skip, String.valueOf(offset)));
            shm.addAll(List.of("--offset", String.valueOf(offset)));
        }
        if (random.nextInt(3) == 0) {
            int length = random.nextInt(size + 40);
            peer.addAll(List.of(count, String.valueOf(length)));
            shm.addAll(List.of("--length", String.valueOf(length)));
        }
    }

    private static Case xxd(Random random, int size) {
        List<String> peer = new ArrayList<>(List.of("xxd"));
        List<String> shm = new ArrayList<>();
        int kind = random.nextInt(6); // 0-1 plain layout, 2 bits, 3 little-endian, 4 -p, 5 -i
        boolean reversible = kind <= 1;
        int cols = switch (kind) {
            case 3 -> new int[] {4, 8, 16, 32}[random.nextInt(4)];
            default -> random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(kind == 4 ? 60 : 40);
        };
        if (random.nextInt(3) > 0 || kind == 3) {
            peer.addAll(List.of("-c", String.valueOf(cols)));
            shm.addAll(List.of("--cols", String.valueOf(cols)));
        } else {
            cols = 0;
        }
        int effective = cols == 0 ? kind == 2 ? 6 : kind == 4 ? 30 : kind == 5 ? 12 : 16 : cols;
        switch (kind) {
            case 2 -> add(peer, shm, "-b", "--bits");
            case 3 -> add(peer, shm, "-e", "--little-endian");
            case 4 -> add(peer, shm, "-p", "--plain");
            case 5 -> add(peer, shm, "-i", "--include");
            default -> { }
        }
        if (kind <= 3 && random.nextBoolean()) {
            int group;
            if (kind == 3) {
                int[] powers = {1, 2, 4, 8, 16};
                do {
                    group = powers[random.nextInt(powers.length)];
                } while (effective % group != 0);
            } else {
                group = random.nextInt(effective + 3);
            }
            peer.addAll(List.of("-g", String.valueOf(group)));
            shm.addAll(List.of("--group", String.valueOf(group)));
        }
        if (random.nextInt(3) == 0) {
            add(peer, shm, "-u", "--upper");
        }
        if (kind <= 3 && random.nextInt(3) == 0) {
            add(peer, shm, "-a", "--squeeze");
        }
        if (kind <= 3 && random.nextInt(6) == 0) {
            add(peer, shm, "-d", "--decimal");
            reversible = false;
        }
        if (kind <= 3 && random.nextInt(6) == 0) {
            int shift = random.nextInt(0x10000);
            peer.addAll(List.of("-o", String.valueOf(shift)));
            shm.addAll(List.of("--display-offset", String.valueOf(shift)));
            reversible = false;
        }
        range(random, size, peer, "-s", "-l", shm, true);
        List<String> reverse = null;
        if (reversible) {
            reverse = new ArrayList<>(List.of("xxd", "-r", "-c", String.valueOf(Math.max(effective, 1))));
        } else if (kind == 4 && !shm.contains("--offset")) {
            reverse = new ArrayList<>(List.of("xxd", "-r", "-p"));
        }
        return new Case(peer, shm, reverse);
    }

    private static Case hexdump(Random random, int size) {
        List<String> peer = new ArrayList<>(List.of("hexdump", "-C"));
        List<String> shm = new ArrayList<>(List.of("--canonical"));
        if (random.nextBoolean()) {
            peer.add("-v");
        } else {
            shm.add("--squeeze");
        }
        range(random, size, peer, "-s", "-n", shm, false);
        return new Case(peer, shm, null);
    }

    private static Case od(Random random, int size) {
        String[] types = {"d1", "d2", "d4", "d8", "u1", "u2", "u4", "o1", "o2", "o4", "o8", "x1", "x2", "x4", "x8", "f4", "f8"};
        String type = types[random.nextInt(types.length)];
        int bytes = type.charAt(1) - '0';
        List<String> peer = new ArrayList<>(List.of("od"));
        List<String> shm = new ArrayList<>();
        String radix = "doxn".substring(random.nextInt(4)).substring(0, 1);
        peer.addAll(List.of("-A", radix));
        shm.addAll(List.of("--radix", radix));
        boolean big = random.nextInt(4) == 0;
        if (big) {
            peer.add("--endian=big");
        }
        peer.addAll(List.of("-t", type));
        shm.addAll(List.of("--as", type + (big ? "be" : "")));
        if (random.nextBoolean()) {
            peer.add("-v");
        } else {
            shm.add("--squeeze");
        }
        if (random.nextInt(3) == 0) {
            int width = bytes * (1 + random.nextInt(6));
            peer.add("-w" + width);
            shm.addAll(List.of("--cols", String.valueOf(width)));
        }
        // od refuses to skip past the end: offsets stay within the data
        if (random.nextInt(3) == 0) {
            int offset = random.nextInt(size + 1);
            peer.addAll(List.of("-j", String.valueOf(offset)));
            shm.addAll(List.of("--offset", String.valueOf(offset)));
        }
        if (random.nextInt(3) == 0) {
            int length = random.nextInt(size + 40);
            peer.addAll(List.of("-N", String.valueOf(length)));
            shm.addAll(List.of("--length", String.valueOf(length)));
        }
        return new Case(peer, shm, null);
    }

    private static Case hexyl(Random random, int size) {
        String border = new String[] {"unicode", "ascii", "none"}[random.nextInt(3)];
        List<String> peer = new ArrayList<>(List.of("hexyl", "--border", border));
        List<String> shm = new ArrayList<>(List.of("--border", border));
        boolean color = random.nextBoolean();
        peer.addAll(List.of("--color", color ? "always" : "never"));
        shm.addAll(List.of("--color", color ? "always" : "never"));
        if (random.nextBoolean()) {
            peer.add("-v");
        } else {
            shm.add("--squeeze");
        }
        if (random.nextInt(3) == 0) {
            int offset = random.nextInt(size + 1);
            peer.addAll(List.of("-s", String.valueOf(offset)));
            shm.addAll(List.of("--offset", String.valueOf(offset)));
        }
        if (random.nextInt(3) == 0) {
            int length = random.nextInt(size + 40);
            peer.addAll(List.of("-n", String.valueOf(length)));
            shm.addAll(List.of("--length", String.valueOf(length)));
        }
        if (!peer.contains("-s") && random.nextInt(4) == 0) {
            int shift = random.nextInt(0x10000);
            peer.addAll(List.of("-o", String.valueOf(shift)));
            shm.addAll(List.of("--display-offset", String.valueOf(shift)));
        }
        return new Case(peer, shm, null);
    }

    private static void add(List<String> peer, List<String> shm, String peerOption, String shmOption) {
        peer.add(peerOption);
        shm.add(shmOption);
    }
}
