package io.fleetwise.uitests;

import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of a Markdown file's plain code blocks (fences without a language), with backslash
 * continuations joined and trailing {@code # comments} dropped, and their words split as a POSIX shell does
 * (double and single quotes, backslash escapes).
 */
final class ReadmeCommands {

    private ReadmeCommands() {
    }

    static List<String> codeLines(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        boolean plain = false;
        StringBuilder pending = null;
        for (String raw : markdown.split("\n", -1)) {
            String line = raw.stripTrailing();
            if (line.startsWith("```")) {
                plain = !fenced && line.equals("```");
                fenced = !fenced;
                continue;
            }
            if (!plain || line.isBlank()) {
                continue;
            }
            String code = withoutComment(line).strip();
            boolean continues = code.endsWith("\\");
            if (continues) {
                code = code.substring(0, code.length() - 1).strip();
            }
            pending = pending == null ? new StringBuilder(code) : pending.append(' ').append(code);
            if (!continues) {
                lines.add(pending.toString());
                pending = null;
            }
        }
        return lines;
    }

    /** The line up to a {@code #} that starts a shell comment (after white space, outside quotes). */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '\\' && i + 1 < command.length()) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("Unclosed quote in README command: " + command);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
