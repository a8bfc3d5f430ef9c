package io.metricgen.engine.scaffold;

import com.google.re2j.Matcher;
import io.metricgen.engine.promql.RegexMatch;
import io.metricgen.engine.regex.Examples;
import io.metricgen.engine.regex.Re2;
import java.util.List;

/**
 * label_replace run backwards, for the simple and common case of a regex that is a literal prefix,
 * one group and a literal suffix with replacement {@code $1}: the source value that gives a wanted
 * destination value.
 */
final class Relabel {

  private Relabel() {}

  /** The source value that label_replace turns into {@code wanted}, or null when not simple. */
  static String invert(String regex, String replacement, String wanted) {
    // A wanted value already in source form came from here: inverting it again never ends.
    if ((!replacement.equals("$1") && !replacement.equals("${1}"))
        || RegexMatch.fullMatch(regex, wanted)) {
      return null;
    }
    int open = regex.indexOf('(');
    int close = regex.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String prefix = literal(regex.substring(0, open));
    String suffix = literal(regex.substring(close + 1));
    if (prefix == null || suffix == null) {
      return null;
    }
    String source = prefix + wanted + suffix;
    return source.equals(wanted) || !gives(regex, source, wanted) ? null : source;
  }

  /** Whether label_replace with this regex and $1 turns source into wanted. */
  static boolean gives(String regex, String source, String wanted) {
    Matcher m;
    try {
      m = Re2.compile(regex).matcher(source);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return m.matches() && m.groupCount() >= 1 && wanted.equals(m.group(1));
  }

  /** The text a regex without metacharacters (but with escaped ones) matches, or null. */
  private static String literal(String regex) {
    if (regex.isEmpty()) {
      return "";
    }
    List<String> only = Examples.alternatives(regex);
    return only.size() != 1 ? null : only.get(0);
  }
}
