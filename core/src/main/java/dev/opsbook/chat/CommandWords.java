package dev.opsbook.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits command text into words the way a shell would, enough for chat: whitespace separates,
 * double or single quotes (also the curly quotes chat clients substitute) group, and a quote may
 * start mid-word ({@code env="eu west"} is one word {@code env=eu west}). A backslash escapes the
 * next character inside double quotes and outside quotes.
 */
final class CommandWords {
    private CommandWords() {}

    static List<String> split(String text) throws CommandSyntaxException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int quoteAt = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = normalise(text.charAt(i));
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(text.charAt(i));
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                quoteAt = i;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new CommandSyntaxException("the quote at position " + (quoteAt + 1) + " is never closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Slack and Discord clients may turn straight quotes into typographic ones. */
    private static char normalise(char c) {
        return switch (c) {
            case '\u201C', '\u201D', '\u201E' -> '"';
            case '\u2018', '\u2019' -> '\'';
            default -> c;
        };
    }
}
