package io.metricgen.engine.ruletest;

import io.metricgen.engine.time.Durations;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an alert should do over a scenario: {@code HighErrorRate firing 55m..60m} (firing from the
 * first time to the second, and at no other time) or {@code HighErrorRate inactive} (never firing).
 * Times are offsets from the scenario's start.
 */
public record Expectation(String alert, boolean firing, long fromMillis, long toMillis) {

  /** What every parse error says is valid. */
  public static final String VALID =
      "\"ALERT firing FROM..TO\" (like \"HighErrorRate firing 55m..60m\") or \"ALERT inactive\"";

  private static final Pattern SYNTAX =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s+(firing|inactive)(?:\\s+(\\S+)\\.\\.(\\S+))?");

  /**
   * Reads one expectation.
   *
   * @throws IllegalArgumentException naming what is valid
   */
  public static Expectation parse(String text) {
    Matcher m = SYNTAX.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected " + VALID + ", got \"" + text + "\"");
    }
    boolean firing = m.group(2).toLowerCase(Locale.ROOT).equals("firing");
    if (firing != (m.group(3) != null)) {
      throw new IllegalArgumentException(
          firing
              ? "\"" + text + "\": firing needs the times, like firing 55m..60m"
              : "\"" + text + "\": inactive takes no times");
    }
    if (!firing) {
      return new Expectation(m.group(1), false, 0, 0);
    }
    long from = Durations.parse(m.group(3)).toMillis();
    long to = Durations.parse(m.group(4)).toMillis();
    if (to < from) {
      throw new IllegalArgumentException("\"" + text + "\": the window ends before it starts");
    }
    return new Expectation(m.group(1), true, from, to);
  }

  @Override
  public String toString() {
    return alert
        + (firing
            ? " firing "
                + Durations.format(java.time.Duration.ofMillis(fromMillis))
                + ".."
                + Durations.format(java.time.Duration.ofMillis(toMillis))
            : " inactive");
  }
}
