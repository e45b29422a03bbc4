package io.fleetwise.planner.workload;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A byte that is not UTF-8 is refused with the line it stands on, even thousands of lines into the file, far past
 * the block the decoder reads ahead (the message used to name the line after the last row read, or none).
 */
class NonUtf8TraceLineTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, bad byte on line {2}")
    @CsvSource(delimiter = '|', value = {
            "azure.csv    | TIMESTAMP,ContextTokens,GeneratedTokens | 3000 | 2023-11-16 18:17:03.9799600,%d,20",
            "azure.csv    | TIMESTAMP,ContextTokens,GeneratedTokens | 2    | 2023-11-16 18:17:03.9799600,%d,20",
            "azure.csv    | TIMESTAMP,ContextTokens,GeneratedTokens | 1    | 2023-11-16 18:17:03.9799600,%d,20",
            "burst.csv    | Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type | 2500 | 5,ChatGPT,%d,30,60,Conversation log",
            "mooncake.jsonl | | 2000 | {\"timestamp\": 5, \"input_length\": %d, \"output_length\": 30, \"hash_ids\": [1, 2]}",
            "offset.jsonl | | 4000 | {\"StartTimeOffset\": 5, \"ContextTokens\": %d, \"GeneratedTokens\": 30}"})
    void theMessageNamesTheLineOfTheBadByte(String name, String header, int badLine, String row) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int line = 1;
        if (header != null) {
            out.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
            line++;
        }
        for (; line <= badLine + 500; line++) {
            String text = String.format(java.util.Locale.ROOT, row, 100 + line);
            if (line == badLine) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                int digit = text.indexOf(Integer.toString(100 + line));
                bytes[digit] = (byte) 0xFF;
                out.writeBytes(bytes);
                out.write('\n');
            } else {
                out.writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = out.toByteArray();
        if (badLine == 1) {
            bytes[3] = (byte) 0xC3; // inside the header
        }
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        assertThatThrownBy(() -> TraceReaders.read(file, 0, TraceReaders.ALL)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(name + " line " + badLine + ": not UTF-8 text (byte 0x");
    }

    @org.junit.jupiter.api.Test
    void theDocumentedExampleReadsAsDocsReliabilitySays() throws Exception {
        theMessageNamesTheLineOfTheBadByte("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens", 3000,
                "2023-11-16 18:17:03.9799600,%d,20");
        assertThatThrownBy(() -> TraceReaders.read(dir.resolve("azure.csv"), 0, TraceReaders.ALL))
                .hasMessage("azure.csv line 3000: not UTF-8 text (byte 0xFF at byte offset 107098); save the file as UTF-8");
    }
}
