package io.fleetwise.uitests;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How ReadmeCommandsTest reads a command from Markdown: as a shell would. */
class ReadmeCommandsParsingTest {

    @Test
    void continuationsJoinCommentsDropAndQuotedWordsStayWhole() {
        String markdown = String.join("\n", "text", "```", "bin/fleetwise a \"Demo study\" --x 1   # note",
                "bin/fleetwise b \\", "    --y 'two words' # more", "```", "```json", "{\"not\": \"a command\"}", "```",
                "```", "mvn -B verify", "```");

        List<String> lines = ReadmeCommands.codeLines(markdown);

        assertThat(lines).containsExactly("bin/fleetwise a \"Demo study\" --x 1", "bin/fleetwise b --y 'two words'",
                "mvn -B verify");
        assertThat(ReadmeCommands.words(lines.get(0))).containsExactly("bin/fleetwise", "a", "Demo study", "--x", "1");
        assertThat(ReadmeCommands.words(lines.get(1))).containsExactly("bin/fleetwise", "b", "--y", "two words");
        assertThat(ReadmeCommands.withoutComment("x --note \"#1 pick\" # c")).isEqualTo("x --note \"#1 pick\" ");
    }
}
