package io.metricgen.engine.promql;

import io.metricgen.engine.regex.Re2;

/**
 * PromQL's regex matching: RE2 in linear time, anchored at both ends, with {@code .} matching
 * newlines, as Prometheus compiles {@code ^(?s:re)$}.
 */
public final class RegexMatch {

  private RegexMatch() {}

  /** Whether the whole value matches the regex; false for a regex RE2 refuses. */
  public static boolean fullMatch(String regex, String value) {
    return Re2.fullMatch(regex, value);
  }

  /** Null when RE2 accepts the regex, else Go's words for why not. */
  public static String problem(String regex) {
    return Re2.problem(regex);
  }
}
