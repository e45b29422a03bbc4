package io.fleetwise.planner.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictUtf8ReaderTest {

    @Test
    void validTextReadsBackUnchangedAcrossBlocks() throws IOException {
        String text = "a,b\n" + "é€😀 line\r\n".repeat(5000) + "end";
        assertThat(readAll(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void aBadByteFarPastTheFirstBlockIsPlacedOnItsOwnLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < 4000; i++) {
            out.writeBytes(("row " + i + ",é\n").getBytes(StandardCharsets.UTF_8));
        }
        int offset = out.size() + 4;
        out.writeBytes("row ".getBytes(StandardCharsets.UTF_8));
        out.write(0xFF);
        out.writeBytes("\nmore\n".repeat(3000).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> readAll(out.toByteArray())).isInstanceOfSatisfying(StrictUtf8Reader.MalformedUtf8Exception.class,
                e -> {
                    assertThat(e.line()).isEqualTo(4000);
                    assertThat(e.byteOffset()).isEqualTo(offset);
                    assertThat(e.getMessage()).isEqualTo("line 4000: not UTF-8 text (byte 0xFF at byte offset " + offset
                            + "); save the file as UTF-8");
                });
    }

    @Test
    void windowsAndOldMacLineEndsCountOnceEach() {
        byte[] bytes = concat("a\r\nb\rc\n\r\nd".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, '(' });
        assertThatThrownBy(() -> readAll(bytes)).isInstanceOfSatisfying(StrictUtf8Reader.MalformedUtf8Exception.class,
                e -> assertThat(e.line()).isEqualTo(5));
    }

    @Test
    void theTextBeforeTheBadByteIsHandedOutFirst() throws IOException {
        try (Reader r = new StrictUtf8Reader(new ByteArrayInputStream(concat("ok\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xFE})))) {
            char[] buf = new char[16];
            assertThat(new String(buf, 0, r.read(buf))).isEqualTo("ok\n");
            assertThatThrownBy(() -> r.read(buf)).isInstanceOf(StrictUtf8Reader.MalformedUtf8Exception.class);
        }
    }

    @Test
    void aSequenceCutAtTheEndIsNotUtf8() {
        byte[] cut = java.util.Arrays.copyOf("x€".getBytes(StandardCharsets.UTF_8), 3);
        assertThatThrownBy(() -> readAll(cut)).isInstanceOfSatisfying(StrictUtf8Reader.MalformedUtf8Exception.class,
                e -> assertThat(e.byteOffset()).isEqualTo(1));
    }

    private static String readAll(byte[] bytes) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Reader r = new StrictUtf8Reader(new ByteArrayInputStream(bytes))) {
            char[] buf = new char[1000];
            int n;
            while ((n = r.read(buf)) >= 0) {
                b.append(buf, 0, n);
            }
        }
        return b.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
