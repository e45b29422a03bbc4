package io.fleetwise.planner.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes UTF-8 strictly and knows the line of the first byte that is not UTF-8. A JDK reader decodes ahead in
 * blocks of kilobytes, so when it fails the reader above it may be hundreds of lines behind the bad byte; this one
 * counts the line breaks of everything it decoded before the bad byte and throws {@link MalformedUtf8Exception}
 * with that line (a CSV or JSONL reader turns it into "FILE line N: not UTF-8 text").
 */
public final class StrictUtf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private final CharBuffer chars = CharBuffer.allocate(8192).flip();
    private long line = 1;
    private long bytesDecoded;
    private boolean previousWasCr;
    private boolean endOfInput;
    private boolean flushed;
    private MalformedUtf8Exception pending;

    public StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        return n;
    }

    /** Decodes the next block; false at the end. Characters before a bad byte are handed out before the error. */
    private boolean fill() throws IOException {
        if (pending != null) {
            throw pending;
        }
        chars.clear();
        try {
            while (chars.position() == 0) {
                if (flushed) {
                    return false;
                }
                if (!endOfInput && bytes.remaining() < 4) {
                    refill();
                }
                int before = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, endOfInput);
                bytesDecoded += bytes.position() - before;
                if (result.isError()) {
                    countLines(chars.position());
                    pending = new MalformedUtf8Exception(line, bytesDecoded, bytes.get(bytes.position()));
                    if (chars.position() == 0) {
                        throw pending;
                    }
                    return true;
                }
                if (result.isUnderflow() && endOfInput) {
                    decoder.flush(chars);
                    flushed = true;
                }
            }
            countLines(chars.position());
            return true;
        } finally {
            chars.flip();
        }
    }

    private void refill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    /** Counts \n, \r\n and a lone \r as one line break each, as CSV and JSON Lines readers do. */
    private void countLines(int decoded) {
        for (int i = 0; i < decoded; i++) {
            char c = chars.get(i);
            if (c == '\n') {
                if (!previousWasCr) {
                    line++;
                }
                previousWasCr = false;
            } else {
                if (c == '\r') {
                    line++;
                }
                previousWasCr = c == '\r';
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The first byte that is not UTF-8: its line (from 1) and its offset in the input (from 0). */
    public static final class MalformedUtf8Exception extends CharacterCodingException {
        private final long line;
        private final long byteOffset;
        private final int badByte;

        MalformedUtf8Exception(long line, long byteOffset, byte badByte) {
            this.line = line;
            this.byteOffset = byteOffset;
            this.badByte = badByte & 0xFF;
        }

        public long line() {
            return line;
        }

        public long byteOffset() {
            return byteOffset;
        }

        /** "not UTF-8 text (byte 0xFF at byte offset 812)": the place within the line's file, for a message. */
        public String problem() {
            return String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X at byte offset %d); save the file as UTF-8",
                    badByte, byteOffset);
        }

        @Override
        public String getMessage() {
            return "line " + line + ": " + problem();
        }
    }
}
