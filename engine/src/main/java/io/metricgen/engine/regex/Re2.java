package io.metricgen.engine.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus' regex matching, in linear time: RE2 semantics through RE2/J (the Java port of Go's
 * regexp), anchored at both ends with {@code .} matching a newline, as Prometheus 3 compiles a
 * label matcher ({@code ^(?s:regex)$}).
 */
public final class Re2 {

  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private Re2() {}

  /** Whether the whole value matches; false for a regex RE2 refuses. */
  public static boolean fullMatch(String regex, String value) {
    Pattern p = compileOrNull(regex);
    return p != null && p.matcher(value).matches();
  }

  /**
   * The anchored pattern, with the regex's groups numbered as written (the anchoring group does not
   * capture); throws {@link RegexSyntaxException} for a regex RE2 refuses.
   */
  public static Pattern compile(String regex) {
    String problem = problem(regex);
    if (problem != null) {
      throw new RegexSyntaxException(problem);
    }
    return compileOrNull(regex);
  }

  private static Pattern compileOrNull(String regex) {
    Pattern cached = CACHE.get(regex);
    if (cached != null) {
      return cached;
    }
    if (refusedByGo(regex) != null) {
      return null;
    }
    Pattern p;
    try {
      p = Pattern.compile("^(?s:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      return null;
    }
    if (CACHE.size() > 10_000) {
      CACHE.clear();
    }
    CACHE.put(regex, p);
    return p;
  }

  /** Null when RE2 accepts the regex, else Go's words for why not. */
  public static String problem(String regex) {
    String go = refusedByGo(regex);
    if (go != null) {
      return go;
    }
    try {
      // The regex alone first, so that a message quotes what the user wrote.
      Pattern.compile(regex);
      Pattern.compile("^(?s:" + regex + ")$");
      return null;
    } catch (PatternSyntaxException e) {
      return e.getMessage();
    }
  }

  // What Go's regexp (as in Prometheus 2.x) refuses that RE2/J accepts: (?<name>...), a spelling
  // Go learned only in 1.22, and nesting beyond 1,000 levels.
  private static String refusedByGo(String regex) {
    for (int i = regex.indexOf("(?<"); i >= 0; i = regex.indexOf("(?<", i + 1)) {
      boolean escaped = i > 0 && regex.charAt(i - 1) == '\\';
      if (!escaped && !regex.startsWith("(?<=", i) && !regex.startsWith("(?<!", i)) {
        return "error parsing regexp: invalid or unsupported Perl syntax: `(?<`";
      }
    }
    return RegexParser.depth(regex) > RegexParser.MAX_DEPTH
        ? "error parsing regexp: expression nests too deeply"
        : null;
  }
}
