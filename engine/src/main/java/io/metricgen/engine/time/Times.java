package io.metricgen.engine.time;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Points in time as users write them on a command line: RFC 3339 ({@code 2026-11-01T00:00:00Z}),
 * {@code now}, and offsets from now ({@code -24h}, {@code now-24h}, {@code +1h}).
 */
public final class Times {

  /** What every time error message says is valid. */
  public static final String VALID =
      "an RFC 3339 time like 2026-11-01T00:00:00Z, \"now\", or an offset from now like -24h or now-1h30m";

  private Times() {}

  /**
   * Resolves {@code text} against {@code now}.
   *
   * @throws IllegalArgumentException naming what is valid
   */
  /** Whether {@code text} is a time relative to now (now, -24h, now+1h), not a fixed time. */
  public static boolean isRelative(String text) {
    String t = text == null ? "" : text.trim();
    return t.startsWith("now") || t.startsWith("-") || t.startsWith("+");
  }

  public static Instant parse(String text, Instant now) {
    String t = text == null ? "" : text.trim();
    if (t.equals("now")) {
      return now;
    }
    String offset = t.startsWith("now") ? t.substring(3) : t;
    if (offset.startsWith("-") || offset.startsWith("+")) {
      Duration d;
      try {
        d = Durations.parse(offset.substring(1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected " + VALID + ", got \"" + text + "\"");
      }
      return offset.startsWith("-") ? now.minus(d) : now.plus(d);
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected " + VALID + ", got \"" + text + "\"");
    }
  }
}
