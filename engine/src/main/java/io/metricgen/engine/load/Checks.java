package io.metricgen.engine.load;

import io.metricgen.engine.time.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** Field-level checks shared by the scenario and shape compilers. Each reports and returns. */
public final class Checks {

  /** A label name as Prometheus allows it. */
  public static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

  private final Problems problems;
  private final long intervalMillis;

  Checks(Problems problems, long intervalMillis) {
    this.problems = problems;
    this.intervalMillis = intervalMillis;
  }

  Problems problems() {
    return problems;
  }

  long intervalMillis() {
    return intervalMillis;
  }

  /**
   * Why {@code name} can't be a label name a user gives, or null when it can: names starting with
   * {@code __} are Prometheus's own.
   */
  public static String labelNameProblem(String name) {
    if (name != null && LABEL_NAME.matcher(name).matches() && !name.startsWith("__")) {
      return null;
    }
    return "\""
        + name
        + "\" is not a valid label name; expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __";
  }

  /**
   * Why a label of one series (an exemplar's, a row of {@code series}) can't be used, or null: its
   * name must be valid and not one of {@code forbidden} (whose value says why), its value given and
   * Unicode.
   */
  public static String labelProblem(String name, String value, Map<String, String> forbidden) {
    String problem = labelNameProblem(name);
    if (problem == null) {
      problem = forbidden.get(name);
    }
    if (problem == null && value == null) {
      problem = "required: a label value";
    }
    return problem != null ? problem : notUnicode(value);
  }

  /**
   * Why {@code text} can't be written as UTF-8 (a lone UTF-16 surrogate, as a JSON or YAML escape
   * like {@code \ud800} gives), or null when it can.
   */
  public static String notUnicode(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format(
            "holds a lone surrogate \\u%04x at character %d, which is no Unicode character and"
                + " has no UTF-8 form; write the character itself",
            (int) c, i);
      }
    }
    return null;
  }

  /** A required number; reports and returns NaN when missing. */
  double required(Double value, FieldPath path) {
    if (value == null) {
      problems.add(path, "required: a number");
      return Double.NaN;
    }
    return value;
  }

  double orDefault(Double value, double fallback) {
    return value == null ? fallback : value;
  }

  /** A positive duration in milliseconds; reports and returns -1 when missing or invalid. */
  long positiveDuration(String text, FieldPath path) {
    if (text == null) {
      problems.add(path, "required: " + Durations.VALID);
      return -1;
    }
    return positive(duration(text, path), path);
  }

  /** A duration that may be zero; {@code fallback} when not given, -1 when invalid. */
  long durationOr(String text, long fallback, FieldPath path) {
    if (text == null) {
      return fallback;
    }
    if (text.startsWith("-")) {
      problems.add(
          path, "must not be negative; expected " + Durations.VALID + ", got \"" + text + "\"");
      return -1;
    }
    return duration(text, path);
  }

  /** A positive duration that is a whole number of intervals; returns steps, or -1. */
  long steps(String text, FieldPath path) {
    long millis = positiveDuration(text, path);
    if (millis < 0) {
      return -1;
    }
    if (millis % intervalMillis != 0) {
      problems.add(
          path,
          "must be a multiple of the interval "
              + Durations.format(Duration.ofMillis(intervalMillis))
              + ", got "
              + text);
      return -1;
    }
    return millis / intervalMillis;
  }

  private long duration(String text, FieldPath path) {
    if (text.startsWith("-")) {
      problems.add(
          path, "must be positive; expected " + Durations.VALID + ", got \"" + text + "\"");
      return -1;
    }
    try {
      return Durations.parse(text).toMillis();
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      return -1;
    }
  }

  private long positive(long millis, FieldPath path) {
    if (millis == 0) {
      problems.add(path, "must be positive; expected " + Durations.VALID + ", got 0");
      return -1;
    }
    return millis;
  }
}
