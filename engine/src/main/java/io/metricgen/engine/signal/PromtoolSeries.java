package io.metricgen.engine.signal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's {@code input_series} value notation, read as {@code promtool test rules} reads it (the
 * PromQL parser's series description grammar): {@code a+bxn} and {@code a-bxn} give n+1 values by
 * repeated addition, {@code axn} gives n+1 copies of a, {@code _} a missing sample, {@code _xn} n
 * of them, {@code stale} a staleness marker.
 *
 * @see <a href="https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/">
 *     promtool unit testing rules</a>
 */
public final class PromtoolSeries {

  private static final String NUMBER =
      "(?:[0-9]+\\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?"
          + "|[iI][nN][fF]|[nN][aA][nN])";
  private static final Pattern ITEM =
      Pattern.compile("^([+-]?" + NUMBER + ")(?:([+-]" + NUMBER + "))?(?:x([0-9]+))?$");
  private static final Pattern BLANK = Pattern.compile("^_(?:x([0-9]+))?$");

  /** What the error message says is valid. */
  public static final String VALID =
      "space-separated items: a number, a+bxn, a-bxn, axn, _, _xn or stale (e.g. \"1+2x3 _x2 stale\")";

  /** Samples beyond this count are refused: a typo like 1x99999999 should not exhaust memory. */
  public static final int MAX_SAMPLES = 1_000_000;

  private PromtoolSeries() {}

  /**
   * Expands notation into one value per step ({@link Samples#ABSENT} for {@code _}, {@link
   * Samples#STALE} for {@code stale}).
   *
   * @throws IllegalArgumentException naming the item that can't be read and what is valid
   */
  public static double[] expand(String notation) {
    String[] items = notation.trim().split("\\s+");
    if (notation.isBlank()) {
      throw new IllegalArgumentException("series notation is empty; expected " + VALID);
    }
    double[] out = new double[16];
    int n = 0;
    for (String item : items) {
      double start;
      double increment = 0;
      boolean increments = false;
      long count;
      Matcher blank = BLANK.matcher(item);
      Matcher m = ITEM.matcher(item);
      if (item.equals("stale")) {
        start = Samples.STALE;
        count = 1;
      } else if (blank.matches()) {
        start = Samples.ABSENT;
        count = blank.group(1) == null ? 1 : parseCount(item, blank.group(1));
      } else if (m.matches()) {
        start = number(m.group(1));
        if (m.group(2) != null) {
          if (m.group(3) == null) {
            throw invalid(item, "an increment needs a repetition count, as in 1+2x3");
          }
          increment = number(m.group(2));
          increments = true;
        }
        count = m.group(3) == null ? 1 : parseCount(item, m.group(3)) + 1;
      } else {
        throw invalid(item, "expected " + VALID);
      }
      if (n + count > MAX_SAMPLES) {
        throw invalid(item, "the series would have more than " + MAX_SAMPLES + " samples");
      }
      if (out.length < n + count) {
        out = java.util.Arrays.copyOf(out, (int) Math.max(out.length * 2L, n + count));
      }
      double value = start;
      for (long i = 0; i < count; i++) {
        out[n++] = value;
        if (increments) {
          value += increment; // repeated addition, as promtool does, so rounding matches it
        }
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static long parseCount(String item, String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw invalid(item, "repetition count " + digits + " is too large");
    }
  }

  private static double number(String text) {
    String t = text.toLowerCase(java.util.Locale.ROOT);
    String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    double sign = t.startsWith("-") ? -1 : 1;
    if (unsigned.equals("inf")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(t);
  }

  private static IllegalArgumentException invalid(String item, String why) {
    return new IllegalArgumentException("cannot read \"" + item + "\": " + why);
  }
}
