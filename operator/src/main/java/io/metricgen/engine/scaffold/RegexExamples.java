package io.metricgen.engine.scaffold;

import com.github.curiousoddman.rgxgen.RgxGen;
import io.metricgen.engine.promql.RegexMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Label values for regex matchers: the alternatives of a plain alternation ({@code GET|POST}), else
 * a short string that the anchored regex matches ({@code 5..} gives something like {@code 503}),
 * made by RgxGen and checked with the regex itself.
 */
final class RegexExamples {

  private static final String META = "\\^$.|?*+()[]{}";

  // Characters a label value may use here: none that needs quoting in PromQL or in a regex that
  // Grafana builds from the value.
  private static final String SAFE =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/@-";

  private RegexExamples() {}

  /** The literal alternatives of {@code a|b|(c)}, or null when the regex is more than that. */
  static List<String> alternatives(String regex) {
    List<String> top = topAlternatives(regex);
    return top != null ? top : expansions(regex);
  }

  /**
   * Every string of a regex made of literals and groups of literal alternatives, like {@code
   * /api/(orders|users)}: at most eight, or null when the regex is more than that.
   */
  static List<String> expansions(String regex) {
    List<String> out = new ArrayList<>(List.of(""));
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '(') {
        int close = regex.indexOf(')', i);
        if (close < 0) {
          return null;
        }
        List<String> group = topAlternatives(regex.substring(i, close + 1));
        if (group == null || regex.substring(i + 1, close).contains("(")) {
          return null;
        }
        List<String> next = new ArrayList<>();
        for (String prefix : out) {
          for (String g : group) {
            next.add(prefix + g);
          }
        }
        out = next;
        i = close + 1;
      } else if (c == '\\' && i + 1 < regex.length() && META.indexOf(regex.charAt(i + 1)) >= 0) {
        String ch = String.valueOf(regex.charAt(i + 1));
        out.replaceAll(p -> p + ch);
        i += 2;
      } else if (META.indexOf(c) >= 0 || c == '\\') {
        return null;
      } else {
        out.replaceAll(p -> p + c);
        i++;
      }
      if (out.size() > 8) {
        return null;
      }
    }
    return out;
  }

  private static List<String> topAlternatives(String regex) {
    String r = regex;
    while (r.startsWith("(") && r.endsWith(")") && balanced(r.substring(1, r.length() - 1))) {
      r = r.substring(1, r.length() - 1);
      if (r.startsWith("?:")) {
        r = r.substring(2);
      }
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c == '\\' && i + 1 < r.length() && META.indexOf(r.charAt(i + 1)) >= 0) {
        current.append(r.charAt(++i));
      } else if (c == '|') {
        out.add(current.toString());
        current.setLength(0);
      } else if (META.indexOf(c) >= 0 || c == '\\') {
        return null;
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /** A short value the anchored regex matches, or null when none is found. */
  static String matching(String regex, long seed) {
    String plain = plain(regex);
    if (plain != null) {
      return plain;
    }
    return example(regex, seed, true);
  }

  /**
   * The value a reader would write for a simple regex: {@code 5..} gives 500, {@code rgw.+} gives
   * rgw0, {@code (mon|mds).*} gives mon. Null when the regex is more than that.
   */
  static String plain(String regex) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
      if (c == '\\' && next != 0 && META.indexOf(next) >= 0) {
        out.append(next);
        i++;
      } else if (c == '.' && (next == '*' || next == '?')) {
        i++;
      } else if (c == '.' && next == '+') {
        out.append('0');
        i++;
      } else if (c == '.') {
        out.append('0');
      } else if (c == '(' && regex.startsWith("?:", i + 1)) {
        i += 2;
      } else if (c == '(' || c == ')') {
        continue;
      } else if (c == '|') {
        // The first alternative of a group is enough: skip to its end.
        int depth = 0;
        while (i + 1 < regex.length() && !(depth == 0 && regex.charAt(i + 1) == ')')) {
          i++;
          if (regex.charAt(i) == '(') {
            depth++;
          } else if (regex.charAt(i) == ')') {
            depth--;
          }
        }
      } else if (META.indexOf(c) >= 0 || c == '\\') {
        return null;
      } else {
        out.append(c);
      }
    }
    String v = out.toString();
    return !v.isEmpty() && RegexMatch.fullMatch(regex, v) ? v : null;
  }

  /** A short value the anchored regex does not match, or null when none is found. */
  static String notMatching(String regex, long seed) {
    return example(regex, seed, false);
  }

  private static String example(String regex, long seed, boolean match) {
    RgxGen gen;
    try {
      gen = RgxGen.parse(regex);
    } catch (RuntimeException e) {
      return null;
    }
    SplittableRandom random = new SplittableRandom(seed);
    String best = null;
    for (int attempt = 0; attempt < 200; attempt++) {
      String s;
      try {
        s = match ? gen.generate(random) : gen.generateNotMatching(random);
      } catch (RuntimeException e) {
        return best;
      }
      if (RegexMatch.fullMatch(regex, s) == match
          && s.chars().allMatch(ch -> SAFE.indexOf(ch) >= 0)
          && (best == null || s.length() < best.length())) {
        best = s;
      }
    }
    return best;
  }
}
