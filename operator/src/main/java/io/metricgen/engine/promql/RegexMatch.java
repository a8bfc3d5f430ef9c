package io.metricgen.engine.promql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * PromQL's regex matching: anchored at both ends, with {@code .} matching newlines, as Prometheus
 * compiles {@code ^(?s:re)$}. Java's regex syntax covers the RE2 syntax used in selectors.
 */
public final class RegexMatch {

  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private RegexMatch() {}

  /** Whether the whole value matches the regex. */
  public static boolean fullMatch(String regex, String value) {
    return compile(regex).matcher(value).matches();
  }

  /** The anchored pattern; throws PatternSyntaxException for a regex Java can't read. */
  public static Pattern compile(String regex) {
    if (CACHE.size() > 10_000) {
      CACHE.clear();
    }
    return CACHE.computeIfAbsent(regex, r -> Pattern.compile(r, Pattern.DOTALL));
  }

  /** Null when the regex compiles, else why not. */
  public static String problem(String regex) {
    try {
      compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return e.getDescription();
    }
  }
}
