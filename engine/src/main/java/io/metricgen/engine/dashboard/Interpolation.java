package io.metricgen.engine.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's template variables in a Prometheus query: {@code $var}, {@code ${var}}, {@code
 * ${var:format}}, {@code [[var]]}, replaced as Grafana's Prometheus data source does. A variable
 * that allows several values, or All, has its values escaped for regexes and joined as {@code
 * (a|b)}; a single-valued one is only escaped for a PromQL string. Unknown names are left as they
 * are, so the query then fails to parse where they stand.
 *
 * @see <a
 *     href="https://grafana.com/docs/grafana/latest/dashboards/variables/variable-syntax/">Variable
 *     syntax</a>
 */
public final class Interpolation {

  // Grafana's own pattern for variable references (public/app/features/variables/utils.ts).
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");

  /** The value a variable takes: its selected values, and whether All is selected. */
  public record Value(List<String> values, boolean all, String allValue, boolean multi) {
    public Value {
      values = List.copyOf(values);
    }

    /** One plain value, such as an interval or a constant. */
    public static Value of(String value) {
      return new Value(List.of(value), false, null, false);
    }

    /** A dashboard variable set to one of its values. */
    public static Value one(Dashboard.Variable v, String value) {
      return new Value(List.of(value), false, null, v.multi());
    }

    /** A dashboard variable set to All where it allows that, else to its first value. */
    public static Value all(Dashboard.Variable v, List<String> values) {
      return v.includeAll()
          ? new Value(values, true, v.allValue(), v.multi())
          : one(v, values.get(0));
    }
  }

  private final Map<String, Value> values = new LinkedHashMap<>();

  /** Sets a variable's value; later calls replace earlier ones. */
  public Interpolation with(String name, Value value) {
    values.put(name, value);
    return this;
  }

  /** Grafana's built-in interval variables for a query step and range, in seconds. */
  public Interpolation withBuiltIns(long stepSeconds, long rangeSeconds, long scrapeSeconds) {
    long rate = Math.max(stepSeconds + scrapeSeconds, 4 * scrapeSeconds);
    with("__interval", Value.of(stepSeconds + "s"));
    with("__interval_ms", Value.of(String.valueOf(stepSeconds * 1000)));
    with("__rate_interval", Value.of(rate + "s"));
    with("__rate_interval_ms", Value.of(String.valueOf(rate * 1000)));
    with("__range", Value.of(rangeSeconds + "s"));
    with("__range_s", Value.of(String.valueOf(rangeSeconds)));
    with("__range_ms", Value.of(String.valueOf(rangeSeconds * 1000)));
    with("__auto", Value.of(stepSeconds + "s"));
    return this;
  }

  /** The names set so far. */
  public Map<String, Value> values() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /**
   * What each dashboard variable's value interpolates to without a format, where that differs from
   * the value: {@code (a|b)} for All or several values, an escaped value. Each maps to the values.
   */
  public Map<String, List<String>> interpolatedTexts() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Value v : values.values()) {
      String text = format(v, null);
      if (v.values().size() != 1 || !text.equals(v.values().get(0))) {
        // The text stands inside a PromQL string, which holds it with one level of escapes fewer.
        out.put(unescapeOnce(text), v.values());
      }
    }
    return out;
  }

  private static String unescapeOnce(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        c = text.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /** A value escaped for an RE2 regex, so that the regex matches exactly it. */
  public static String quoteRegex(String value) {
    return regexEscape(value);
  }

  /** The names of the variables the text refers to. */
  public static java.util.Set<String> references(String text) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      out.add(first(m.group(1), m.group(2), m.group(4)));
    }
    return out;
  }

  /** The query with every known variable replaced. */
  public String apply(String query) {
    Matcher m = REFERENCE.matcher(query);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      String format = first(m.group(3), m.group(6));
      Value v = values.get(name);
      String replacement = v == null ? m.group() : format(v, format);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String first(String... candidates) {
    for (String c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  static String format(Value v, String format) {
    if (v.all() && v.allValue() != null) {
      return v.allValue();
    }
    List<String> vs = v.values();
    if (format != null) {
      return switch (format) {
        case "raw", "text" -> String.join(",", vs);
        case "csv" -> String.join(",", vs);
        case "pipe" -> String.join("|", vs);
        case "regex" ->
            vs.size() == 1
                ? regexEscape(vs.get(0))
                : "("
                    + String.join("|", vs.stream().map(Interpolation::regexEscape).toList())
                    + ")";
        case "glob" -> vs.size() == 1 ? vs.get(0) : "{" + String.join(",", vs) + "}";
        case "json" ->
            vs.size() == 1 && !v.multi()
                ? quoteJson(vs.get(0))
                : "[" + String.join(",", vs.stream().map(Interpolation::quoteJson).toList()) + "]";
        case "doublequote" ->
            String.join(",", vs.stream().map(x -> "\"" + x.replace("\"", "\\\"") + "\"").toList());
        case "singlequote" ->
            String.join(",", vs.stream().map(x -> "'" + x.replace("'", "\\'") + "'").toList());
        case "sqlstring" ->
            String.join(",", vs.stream().map(x -> "'" + x.replace("'", "''") + "'").toList());
        case "lucene" -> vs.size() == 1 ? vs.get(0) : "(\"" + String.join("\" OR \"", vs) + "\")";
        case "percentencode" ->
            java.net.URLEncoder.encode(
                vs.size() == 1 ? vs.get(0) : "{" + String.join(",", vs) + "}",
                java.nio.charset.StandardCharsets.UTF_8);
        case "queryparam" -> String.join("&", vs.stream().map(x -> "var-" + x).toList());
        case "distributed" -> String.join(",", vs);
        default -> String.join(",", vs);
      };
    }
    if (!v.multi() && !v.all() && vs.size() == 1) {
      return regularEscape(vs.get(0));
    }
    List<String> escaped = vs.stream().map(Interpolation::specialRegexEscape).toList();
    return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
  }

  private static String quoteJson(String x) {
    return "\"" + x.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Grafana's prometheusRegularEscape: backslashes and single quotes, for a PromQL string. */
  static String regularEscape(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\\\'");
  }

  /** Grafana's prometheusSpecialRegexEscape: a regex escape written inside a PromQL string. */
  static String specialRegexEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '\\') {
        out.append("\\\\\\\\");
      } else if ("$^*{}[]'+?.()|".indexOf(c) >= 0) {
        out.append("\\\\").append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String regexEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if ("\\$^*{}[]'+?.()|".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
