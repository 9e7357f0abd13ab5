package shmkit.hex;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bytes as a C array, byte for byte what {@code xxd -i} prints: {@code unsigned char NAME[] = {},
 * lines of {@code 0x48, 0x65} ({@code cols} a line, 12 by default; {@code 0X48} in upper case;
 * {@code 0b01001000} in bits, 6 a line), and {@code unsigned int NAME_len = N;}. The name is made a C
 * identifier as xxd makes it: every byte that is not an ASCII letter or digit becomes '_', and a
 * leading digit gets "__" in front; {@code capitalize} upper-cases it and {@code _len} (xxd -C).
 */
public final class CInclude implements Printer {
    private static final int FLUSH_AT = 1 << 16;

    private final OutputStream out;
    private final byte[] identifier;
    private final boolean capitalize;
    private final int cols;
    private final boolean bits;
    private final byte[] digits;
    private final byte[] buffer = new byte[FLUSH_AT + 64];
    private int pos;
    private long count;

    /**
     * @param name  the array's name as given (any text; null prints the bytes alone, as xxd -i does
     *              for standard input)
     * @param cols  bytes a line, or 0 for the default (12; 6 with bits)
     */
    public CInclude(OutputStream out, String name, boolean capitalize, boolean upper, boolean bits, int cols)
            throws IOException {
        this.out = out;
        this.capitalize = capitalize;
        this.bits = bits;
        this.cols = cols > 0 ? cols : bits ? 6 : 12;
        this.digits = upper ? Hex.UPPER_DIGITS : Hex.DIGITS;
        this.identifier = name == null ? null : identifier(name, capitalize);
        if (identifier != null) {
            text("unsigned char ");
            bytes(identifier);
            text("[] = {\n");
        }
    }

    /** The name as xxd turns it into a C identifier, byte by byte of its UTF-8. */
    static byte[] identifier(String name, boolean capitalize) {
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        boolean digitFirst = raw.length > 0 && raw[0] >= '0' && raw[0] <= '9';
        byte[] id = new byte[raw.length + (digitFirst ? 2 : 0)];
        int at = 0;
        if (digitFirst) {
            id[at++] = '_';
            id[at++] = '_';
        }
        for (byte b : raw) {
            boolean alnum = b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
            id[at++] = !alnum ? (byte) '_' : capitalize && b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
        }
        return id;
    }

    @Override
    public void write(byte[] data, int from, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            if (pos > FLUSH_AT) {
                flush();
            }
            if (count == 0) {
                buffer[pos++] = ' ';
                buffer[pos++] = ' ';
            } else if (count % cols == 0) {
                buffer[pos++] = ',';
                buffer[pos++] = '\n';
                buffer[pos++] = ' ';
                buffer[pos++] = ' ';
            } else {
                buffer[pos++] = ',';
                buffer[pos++] = ' ';
            }
            int b = data[from + i] & 0xff;
            buffer[pos++] = '0';
            if (bits) {
                buffer[pos++] = 'b';
                for (int k = 7; k >= 0; k--) {
                    buffer[pos++] = (byte) ((b >>> k & 1) == 1 ? '1' : '0');
                }
            } else {
                buffer[pos++] = digits == Hex.UPPER_DIGITS ? (byte) 'X' : (byte) 'x';
                buffer[pos++] = digits[b >>> 4];
                buffer[pos++] = digits[b & 15];
            }
            count++;
        }
    }

    @Override
    public void finish() throws IOException {
        if (count > 0) {
            text("\n");
        }
        if (identifier != null) {
            text("};\nunsigned int ");
            bytes(identifier);
            text((capitalize ? "_LEN = " : "_len = ") + count + ";\n");
        }
        flush();
        out.flush();
    }

    private void text(String s) throws IOException {
        bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private void bytes(byte[] b) throws IOException {
        if (pos + b.length > buffer.length) {
            flush();
        }
        if (b.length > buffer.length) {
            out.write(b);
            return;
        }
        System.arraycopy(b, 0, buffer, pos, b.length);
        pos += b.length;
    }

    private void flush() throws IOException {
        if (pos > 0) {
            out.write(buffer, 0, pos);
            pos = 0;
        }
    }
}
