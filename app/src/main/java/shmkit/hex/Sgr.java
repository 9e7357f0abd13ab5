package shmkit.hex;

/** ANSI SGR escapes (ESC [ code m) as bytes, for the dumpers' colours. */
final class Sgr {
    static final byte[] RESET = of("0");

    private Sgr() {}

    /** ESC [ code m, built by hand: a string concatenation would start the invokedynamic machinery. */
    static byte[] of(String code) {
        byte[] bytes = new byte[code.length() + 3];
        bytes[0] = 0x1b;
        bytes[1] = '[';
        for (int i = 0; i < code.length(); i++) {
            bytes[2 + i] = (byte) code.charAt(i);
        }
        bytes[bytes.length - 1] = 'm';
        return bytes;
    }
}
