package io.metricgen.engine.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus duration syntax ({@code 1h30m}, {@code 15s}, {@code 500ms}, {@code 2d}), parsed and
 * printed as Prometheus's {@code model.ParseDuration} does: units in descending order, each at most
 * once.
 *
 * @see <a
 *     href="https://prometheus.io/docs/prometheus/latest/configuration/configuration/">durations in
 *     the Prometheus configuration reference</a>
 */
public final class Durations {

  private static final Pattern SYNTAX =
      Pattern.compile(
          "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1
  };
  private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

  /** What every duration error message says is valid. */
  public static final String VALID = "a duration like 15s, 10m, 1h30m or 2d (units y w d h m s ms)";

  private Durations() {}

  /**
   * Parses a Prometheus duration.
   *
   * @throws IllegalArgumentException naming what is valid, for anything else
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("expected " + VALID + ", got an empty value");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected " + VALID + ", got \"" + text + "\"");
    }
    long millis = 0;
    for (int i = 0; i < UNIT_MILLIS.length; i++) {
      String group = m.group(i + 1);
      if (group != null) {
        try {
          millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(group), UNIT_MILLIS[i]));
        } catch (ArithmeticException | NumberFormatException e) {
          throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
      }
    }
    return Duration.ofMillis(millis);
  }

  /** Prints a duration the way Prometheus does: {@code 1h30m}, {@code 15s}, {@code 0s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (millis < 0) {
      out.append('-');
      millis = -millis;
    }
    for (int i = 0; i < UNIT_MILLIS.length; i++) {
      long n = millis / UNIT_MILLIS[i];
      if (n > 0) {
        out.append(n).append(UNIT_NAMES[i]);
        millis -= n * UNIT_MILLIS[i];
      }
    }
    return out.toString();
  }
}
