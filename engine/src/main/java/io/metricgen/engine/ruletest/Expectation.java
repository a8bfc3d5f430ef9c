package io.metricgen.engine.ruletest;

import io.metricgen.engine.time.Durations;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an alert should do over a scenario: {@code HighErrorRate firing 55m..60m} (firing from the
 * first time to the second, and at no other time) or {@code HighErrorRate inactive} (never firing).
 * A firing window may name the alert's labels as Prometheus computes them (the expression's output
 * labels and the rule's own, without {@code alertname}): {@code HighErrorRate firing 55m..60m
 * {instance="a:9100", severity="page"}}; then exactly the alerts named fire at each time, with
 * those labels, and {@code test-rules} also checks their annotations as Prometheus renders them.
 * Times are offsets from the scenario's start. An alert name is any text without spaces, or any
 * text at all in double quotes with backslash escapes ({@code "Cert-manager (absent)" inactive}),
 * as Prometheus accepts any alert name.
 */
public record Expectation(
    String alert,
    boolean firing,
    long fromMillis,
    long toMillis,
    SortedMap<String, String> labels) {

  /** What every parse error says is valid. */
  public static final String VALID =
      "\"ALERT firing FROM..TO\" (like \"HighErrorRate firing 55m..60m\"), optionally with the"
          + " alert's labels (\"HighErrorRate firing 55m..60m {instance=\\\"a\\\", severity=\\\"page\\\"}\"),"
          + " or \"ALERT inactive\", the name in double quotes when it has spaces";

  private static final Pattern SYNTAX =
      Pattern.compile(
          "(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s\"]+)\\s+(firing|inactive)(?:\\s+([^\\s{]+)\\.\\.([^\\s{]+))?"
              + "(?:\\s*(\\{.*\\}))?");

  private static final Pattern LABEL_NAME = io.metricgen.engine.load.Checks.LABEL_NAME;

  public Expectation {
    labels =
        labels == null ? null : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** An expectation without labels. */
  public Expectation(String alert, boolean firing, long fromMillis, long toMillis) {
    this(alert, firing, fromMillis, toMillis, null);
  }

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
      if (m.group(5) != null) {
        throw new IllegalArgumentException("\"" + text + "\": inactive takes no labels");
      }
      return new Expectation(alert, false, 0, 0);
    }
    long from = Durations.parse(m.group(3)).toMillis();
    long to = Durations.parse(m.group(4)).toMillis();
    if (to < from) {
      throw new IllegalArgumentException("\"" + text + "\": the window ends before it starts");
    }
    SortedMap<String, String> labels = m.group(5) == null ? null : labels(text, m.group(5));
    return new Expectation(alert, true, from, to, labels);
  }

  /** {@code {name="value", ...}}, values with backslash escapes. */
  private static SortedMap<String, String> labels(String text, String set) {
    SortedMap<String, String> out = new TreeMap<>();
    int i = 1;
    int n = set.length() - 1;
    while (true) {
      while (i < n && Character.isWhitespace(set.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return out;
      }
      int eq = set.indexOf('=', i);
      if (eq < 0) {
        throw badLabels(text, "a label needs =\"value\"");
      }
      String name = set.substring(i, eq).strip();
      if (!LABEL_NAME.matcher(name).matches() || name.equals("alertname")) {
        throw badLabels(
            text,
            "\""
                + name
                + "\" is not a label name here (letters, digits and _, not starting with a digit;"
                + " alertname is the alert's own)");
      }
      int q = eq + 1;
      while (q < n && Character.isWhitespace(set.charAt(q))) {
        q++;
      }
      if (q >= n || set.charAt(q) != '"') {
        throw badLabels(text, "the value of " + name + " must be in double quotes");
      }
      StringBuilder value = new StringBuilder();
      int j = q + 1;
      while (j < n && set.charAt(j) != '"') {
        char c = set.charAt(j);
        if (c == '\\' && j + 1 < n) {
          char e = set.charAt(++j);
          value.append(e == 'n' ? '\n' : e);
        } else {
          value.append(c);
        }
        j++;
      }
      if (j >= n) {
        throw badLabels(text, "the value of " + name + " has no closing quote");
      }
      if (out.put(name, value.toString()) != null) {
        throw badLabels(text, "label " + name + " is given twice");
      }
      i = j + 1;
      while (i < n && Character.isWhitespace(set.charAt(i))) {
        i++;
      }
      if (i < n && set.charAt(i) == ',') {
        i++;
      } else if (i < n) {
        throw badLabels(text, "labels are separated by commas");
      }
    }
  }

  private static IllegalArgumentException badLabels(String text, String why) {
    return new IllegalArgumentException("\"" + text + "\": " + why);
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
                + (labels == null ? "" : " " + labelSet(labels))
            : " inactive");
  }

  /** {@code {a="1", b="2"}}, values escaped. */
  public static String labelSet(Map<String, String> labels) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      out.append(first ? "" : ", ").append(e.getKey()).append("=\"");
      for (char c : e.getValue().toCharArray()) {
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c == '\n') {
          out.append("\\n");
        } else {
          out.append(c);
        }
      }
      out.append('"');
      first = false;
    }
    return out.append('}').toString();
  }
}
