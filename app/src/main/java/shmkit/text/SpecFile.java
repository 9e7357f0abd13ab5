package shmkit.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import shmkit.ShmException;

/**
 * The one way a spec is read from a file ({@code --layout @FILE}, a C header): a regular file of at
 * most {@link #MAX_BYTES}, UTF-8 text without NUL bytes, or refused at once with one line (exit 2).
 * A FIFO would hang a read and /dev/zero would never end; neither is even opened.
 */
public final class SpecFile {
    /** Larger than any header a struct lives in, small enough to read at once. */
    public static final int MAX_BYTES = 4 << 20;

    private SpecFile() {}

    /** The text of {@code name}, for {@code what} ("layout file") in messages. */
    public static String read(String name, String what) {
        Path file;
        try {
            file = Path.of(name);
        } catch (InvalidPathException e) {
            throw ShmException.usage(what + " " + SafeText.quote(name) + " is not a usable path: " + e.getReason());
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class); // a link to a regular file is fine
        } catch (NoSuchFileException e) {
            throw new ShmException(ShmException.Reason.BAD_VALUE, "cannot read " + what + " " + SafeText.quote(name) + ": no such file");
        } catch (IOException e) {
            throw ShmException.usage("cannot read " + what + " " + SafeText.quote(name) + ": " + e.getMessage());
        }
        if (!attrs.isRegularFile()) {
            throw ShmException.usage(what + " " + SafeText.quote(name) + " is not a regular file"
                    + (attrs.isDirectory() ? " (a folder)" : " (a FIFO, device or socket is never read)"));
        }
        if (attrs.size() > MAX_BYTES) {
            throw ShmException.usage(what + " " + SafeText.quote(name) + " is " + attrs.size() + " bytes; at most "
                    + MAX_BYTES + " are read");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1); // it may have grown since the stat
        } catch (AccessDeniedException e) {
            throw ShmException.usage("cannot read " + what + " " + SafeText.quote(name) + ": permission denied");
        } catch (IOException e) {
            throw ShmException.usage("cannot read " + what + " " + SafeText.quote(name) + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw ShmException.usage(what + " " + SafeText.quote(name) + " is more than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw ShmException.usage(what + " " + SafeText.quote(name) + " holds a NUL byte at offset " + i
                        + "; it is not text");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ShmException.usage(what + " " + SafeText.quote(name) + " is not UTF-8 text");
        }
    }
}
