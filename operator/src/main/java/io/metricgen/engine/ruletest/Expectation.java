package io.metricgen.engine.ruletest;

import io.metricgen.engine.time.Durations;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an alert should do over a scenario: {@code HighErrorRate firing 55m..60m} (firing from the
 * first time to the second, and at no other time) or {@code HighErrorRate inactive} (never firing).
 * Times are offsets from the scenario's start. An alert name is any text without spaces, or any
 * text at all in double quotes with backslash escapes ({@code "Cert-manager (absent)" inactive}),
 * as Prometheus accepts any alert name.
 */
public record Expectation(String alert, boolean firing, long fromMillis, long toMillis) {

  /** What every parse error says is valid. */
  public static final String VALID =
      "\"ALERT firing FROM..TO\" (like \"HighErrorRate firing 55m..60m\") or \"ALERT inactive\","
          + " the name in double quotes when it has spaces";

  private static final Pattern SYNTAX =
      Pattern.compile(
          "(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s\"]+)\\s+(firing|inactive)(?:\\s+(\\S+)\\.\\.(\\S+))?");

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
    String alert = m.group(1).startsWith("\"") ? unquote(m.group(1)) : m.group(1);
    boolean firing = m.group(2).toLowerCase(Locale.ROOT).equals("firing");
    if (firing != (m.group(3) != null)) {
      throw new IllegalArgumentException(
          firing
              ? "\"" + text + "\": firing needs the times, like firing 55m..60m"
              : "\"" + text + "\": inactive takes no times");
    }
    if (!firing) {
      return new Expectation(alert, false, 0, 0);
    }
    long from = Durations.parse(m.group(3)).toMillis();
    long to = Durations.parse(m.group(4)).toMillis();
    if (to < from) {
      throw new IllegalArgumentException("\"" + text + "\": the window ends before it starts");
    }
    return new Expectation(alert, true, from, to);
  }

  private static String unquote(String quoted) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c == '\\') {
        c = quoted.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    boolean plain =
        !alert.isEmpty() && alert.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"');
    return (plain ? alert : "\"" + alert.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        + (firing
            ? " firing "
                + Durations.format(java.time.Duration.ofMillis(fromMillis))
                + ".."
                + Durations.format(java.time.Duration.ofMillis(toMillis))
            : " inactive");
  }
}
