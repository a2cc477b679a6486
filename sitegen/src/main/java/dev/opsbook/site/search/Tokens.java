package dev.opsbook.site.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The site's search terms, produced exactly as the browser's lunr pipeline produces query terms
 * (see assets/search.js): lower case, split on whitespace (not on hyphens, so service names and step
 * ids like {@code orders-db} stay whole), lunr's trimmer (non-word characters cut from both ends) and
 * lunr's English stop-word list. No stemming: the search page adds a trailing wildcard instead.
 */
final class Tokens {
    /** lunr 2.3.9's stop words (lunr.stopWordFilter). */
    static final Set<String> STOP_WORDS = Set.of(("a able about across after all almost also am among an and any are as at "
            + "be because been but by can cannot could dear did do does either else ever every for from get got had has have "
            + "he her hers him his how however i if in into is it its just least let like likely may me might most must my "
            + "neither no nor not of off often on only or other our own rather said say says she should since so some than "
            + "that the their them then there these they this tis to too twas us wants was we were what when where which "
            + "while who whom why will with would yet you your").split(" "));

    private Tokens() {}

    /** Terms of {@code text}; with {@code parts}, hyphenated terms also yield their pieces. */
    static List<String> of(String text, boolean parts) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int n = lower.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(lower.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            String t = trim(lower.substring(start, i));
            if (!t.isEmpty() && !STOP_WORDS.contains(t)) {
                out.add(t);
            }
            if (parts && t.indexOf('-') > 0) {
                for (String piece : t.split("-+")) {
                    String p = trim(piece);
                    if (!p.isEmpty() && !STOP_WORDS.contains(p)) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    /** The characters JavaScript's whitespace class matches (the search page splits queries on it). */
    private static boolean isSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r' || c == '\u00a0' || c == '\u1680' || c >= '\u2000' && c <= '\u200a'
                || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000' || c == '\ufeff';
    }

    private static String trim(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int start = 0;
        int end = s.length();
        while (start < end && !isWord(s.charAt(start))) {
            start++;
        }
        while (end > start && !isWord(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isWord(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

}
