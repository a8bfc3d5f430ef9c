package io.metricgen.engine.template;

import static io.metricgen.engine.template.GoTemplate.function;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.metricgen.engine.promql.eval.GoMath;
import io.metricgen.engine.template.GoTemplate.Kind;
import io.metricgen.engine.template.GoTemplate.TemplateFunction;
import io.metricgen.engine.template.GoValues.GoMap;
import io.metricgen.engine.template.GoValues.GoStruct;
import io.metricgen.engine.time.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alert labels and annotations as Prometheus renders them (its {@code template} package, 2.42): the
 * template with {@code $labels}, {@code $externalLabels}, {@code $externalURL} and {@code $value}
 * declared, over data with {@code .Labels}, {@code .ExternalLabels}, {@code .ExternalURL} and
 * {@code .Value}, with Prometheus's functions ({@code humanize}, {@code query}, {@code
 * reReplaceAll}, ...) and {@code missingkey=zero}. {@code promtool test rules} renders them with no
 * external labels and an empty external URL, as here.
 */
public final class AlertTemplates {

  private AlertTemplates() {}

  /** Runs a PromQL query for {@code query} in a template, at the evaluation's time. */
  @FunctionalInterface
  public interface Query {
    /**
     * The query's result as an instant vector (a scalar as one sample without labels).
     *
     * @throws TemplateException when the query fails
     */
    List<QuerySample> run(String promql, long timeMillis);
  }

  /** One sample of a query's result. */
  public record QuerySample(Map<String, String> labels, double value) {}

  /** The variables Prometheus declares before an alert's template. */
  public static final Set<String> VARIABLES =
      Set.of("$labels", "$externalLabels", "$externalURL", "$value");

  /** Prometheus's functions, for parsing. */
  public static final Set<String> FUNCTIONS =
      Set.of(
          "query",
          "first",
          "label",
          "value",
          "strvalue",
          "args",
          "reReplaceAll",
          "safeHtml",
          "match",
          "title",
          "toUpper",
          "toLower",
          "graphLink",
          "tableLink",
          "sortByLabel",
          "stripPort",
          "humanize",
          "humanize1024",
          "humanizeDuration",
          "humanizePercentage",
          "humanizeTimestamp",
          "pathPrefix",
          "externalURL",
          "parseDuration");

  /**
   * Parses an alert's label or annotation template, as Prometheus checks it when it loads rules.
   *
   * @throws TemplateException where it does not parse
   */
  public static GoTemplate parse(String text) {
    return GoTemplate.parse(text, FUNCTIONS, VARIABLES);
  }

  /**
   * Renders it for one alert.
   *
   * @param labels the labels of the expression's sample (with its name, if it kept one)
   * @param value the sample's value
   * @param timeMillis the evaluation's time
   * @param query runs {@code query "..."}
   * @throws TemplateException where it fails
   */
  public static String expand(
      GoTemplate template, Map<String, String> labels, double value, long timeMillis, Query query) {
    GoMap labelMap = GoMap.ofStrings(labels);
    GoMap external = GoMap.ofStrings(Map.of());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Labels", labelMap);
    fields.put("ExternalLabels", external);
    fields.put("ExternalURL", "");
    fields.put("Value", value);
    GoStruct data = new GoStruct("struct { Labels map[string]string; ... }", fields, false);
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("$labels", labelMap);
    vars.put("$externalLabels", external);
    vars.put("$externalURL", "");
    vars.put("$value", value);
    return template.execute(data, vars, functions(timeMillis, query));
  }

  private static final String SAMPLE_TYPE = "*template.sample";

  private static GoStruct sample(QuerySample s) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Labels", GoMap.ofStrings(s.labels()));
    fields.put("Value", s.value());
    return new GoStruct(SAMPLE_TYPE, fields, true);
  }

  private static Map<String, TemplateFunction> functions(long timeMillis, Query query) {
    List<Kind> str = List.of(Kind.STRING);
    List<Kind> any = List.of(Kind.ANY);
    Map<String, TemplateFunction> f = new HashMap<>();
    f.put(
        "query",
        function(
            str,
            false,
            a -> {
              List<Object> out = new ArrayList<>();
              for (QuerySample s : query.run((String) a.get(0), timeMillis)) {
                out.add(sample(s));
              }
              return out;
            }));
    f.put(
        "first",
        function(
            List.of(Kind.SAMPLES),
            false,
            a -> {
              List<?> v = (List<?>) a.get(0);
              if (v == null || v.isEmpty()) {
                throw new TemplateException("first() called on vector with no elements");
              }
              return v.get(0);
            }));
    f.put(
        "label",
        function(
            List.of(Kind.STRING, Kind.SAMPLE),
            false,
            a -> labelsOf(a.get(1)).getOrDefault((String) a.get(0), "")));
    f.put("value", function(List.of(Kind.SAMPLE), false, a -> fieldsOf(a.get(0)).get("Value")));
    f.put(
        "strvalue",
        function(
            List.of(Kind.SAMPLE), false, a -> labelsOf(a.get(0)).getOrDefault("__value__", "")));
    f.put(
        "args",
        function(
            any,
            true,
            a -> {
              TreeMap<String, Object> m = new TreeMap<>();
              for (int i = 0; i < a.size(); i++) {
                m.put("arg" + i, a.get(i));
              }
              return new GoMap(m, "map[string]interface {}", null);
            }));
    f.put(
        "reReplaceAll",
        function(
            List.of(Kind.STRING, Kind.STRING, Kind.STRING),
            false,
            a -> replaceAll((String) a.get(0), (String) a.get(1), (String) a.get(2))));
    f.put("safeHtml", function(str, false, a -> a.get(0)));
    f.put(
        "match",
        function(
            List.of(Kind.STRING, Kind.STRING),
            false,
            a -> regex((String) a.get(0)).matcher((String) a.get(1)).find()));
    f.put("title", function(str, false, a -> title((String) a.get(0))));
    f.put("toUpper", function(str, false, a -> mapCodePoints((String) a.get(0), true)));
    f.put("toLower", function(str, false, a -> mapCodePoints((String) a.get(0), false)));
    f.put(
        "graphLink",
        function(
            str,
            false,
            a -> "/graph?g0.expr=" + Builtins.queryEscape((String) a.get(0)) + "&g0.tab=0"));
    f.put(
        "tableLink",
        function(
            str,
            false,
            a -> "/graph?g0.expr=" + Builtins.queryEscape((String) a.get(0)) + "&g0.tab=1"));
    f.put(
        "sortByLabel",
        function(
            List.of(Kind.STRING, Kind.SAMPLES),
            false,
            a -> {
              List<Object> v =
                  a.get(1) == null ? new ArrayList<>() : new ArrayList<>((List<?>) a.get(1));
              String by = (String) a.get(0);
              v.sort(
                  (x, y) ->
                      Builtins.compareBytes(
                          labelsOf(x).getOrDefault(by, ""), labelsOf(y).getOrDefault(by, "")));
              return v;
            }));
    f.put("stripPort", function(str, false, a -> stripPort((String) a.get(0))));
    f.put("humanize", function(any, false, a -> humanize(toFloat(a.get(0)))));
    f.put("humanize1024", function(any, false, a -> humanize1024(toFloat(a.get(0)))));
    f.put("humanizeDuration", function(any, false, a -> humanizeDuration(toFloat(a.get(0)))));
    f.put("humanizePercentage", function(any, false, a -> g4(toFloat(a.get(0)) * 100) + "%"));
    f.put("humanizeTimestamp", function(any, false, a -> humanizeTimestamp(toFloat(a.get(0)))));
    f.put("pathPrefix", function(List.of(), false, a -> ""));
    f.put("externalURL", function(List.of(), false, a -> ""));
    f.put(
        "parseDuration",
        function(
            str,
            false,
            a -> {
              try {
                return Durations.parse((String) a.get(0)).toMillis() / 1000.0;
              } catch (IllegalArgumentException e) {
                throw new TemplateException(e.getMessage());
              }
            }));
    return f;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fieldsOf(Object sample) {
    if (sample == null) {
      throw new TemplateException("invalid memory address or nil pointer dereference");
    }
    return ((GoStruct) sample).fields();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labelsOf(Object sample) {
    GoMap m = (GoMap) fieldsOf(sample).get("Labels");
    Map<String, String> out = new HashMap<>();
    m.entries().forEach((k, v) -> out.put(k, (String) v));
    return out;
  }

  private static Pattern regex(String pattern) {
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new TemplateException("error parsing regexp: " + e.getMessage());
    }
  }

  /** Go's {@code Regexp.ReplaceAllString}: {@code $1}, {@code ${1}}, {@code $name}, {@code $$}. */
  static String replaceAll(String pattern, String replacement, String text) {
    Pattern re = regex(pattern);
    Matcher m = re.matcher(text);
    StringBuilder out = new StringBuilder();
    int lastMatchEnd = 0;
    int searchPos = 0;
    // As Go's replaceAll: no replacement for an empty match right after a match; always advance.
    while (searchPos <= text.length() && m.find(searchPos)) {
      int start = m.start();
      int end = m.end();
      out.append(text, lastMatchEnd, start);
      if (end > lastMatchEnd || start == 0) {
        expand(replacement, m, re, out);
      }
      lastMatchEnd = end;
      int width = searchPos < text.length() ? Character.charCount(text.codePointAt(searchPos)) : 1;
      if (searchPos + width > end) {
        searchPos += width;
      } else if (searchPos + 1 > end) {
        searchPos++;
      } else {
        searchPos = end;
      }
      if (out.length() > Exec.MAX_OUTPUT) {
        throw new TemplateException(
            "reReplaceAll's result is over " + Exec.MAX_OUTPUT + " characters");
      }
    }
    out.append(text, lastMatchEnd, text.length());
    return out.toString();
  }

  private static void expand(String template, Matcher m, Pattern re, StringBuilder out) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int after;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0 || close == i + 2 || !isName(template.substring(i + 2, close))) {
          out.append('$');
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        after = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length() && isNameChar(template.charAt(j))) {
          j++;
        }
        if (j == i + 1) {
          out.append('$');
          i++;
          continue;
        }
        name = template.substring(i + 1, j);
        after = j;
      }
      out.append(group(m, re, name));
      i = after;
    }
  }

  private static String group(Matcher m, Pattern re, String name) {
    if (name.chars().allMatch(Character::isDigit)) {
      try {
        int g = Integer.parseInt(name);
        if (g <= m.groupCount()) {
          String v = m.group(g);
          return v == null ? "" : v;
        }
      } catch (NumberFormatException e) {
        return "";
      }
      return "";
    }
    try {
      String v = m.group(name);
      return v == null ? "" : v;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static boolean isName(String s) {
    return s.chars().allMatch(c -> isNameChar((char) c));
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  /** Go's deprecated {@code strings.Title}: a capital after every separator. */
  static String title(String s) {
    StringBuilder out = new StringBuilder();
    int[] prev = {' '};
    s.codePoints()
        .forEach(
            c -> {
              out.appendCodePoint(separator(prev[0]) ? Character.toTitleCase(c) : c);
              prev[0] = c;
            });
    return out.toString();
  }

  private static boolean separator(int r) {
    if (r <= 0x7F) {
      return !((r >= '0' && r <= '9')
          || (r >= 'a' && r <= 'z')
          || (r >= 'A' && r <= 'Z')
          || r == '_');
    }
    if (Character.isLetter(r) || Character.isDigit(r)) {
      return false;
    }
    return Character.isWhitespace(r) || Character.isSpaceChar(r);
  }

  private static String mapCodePoints(String s, boolean upper) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> out.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
    return out.toString();
  }

  /** Go's {@code net.SplitHostPort}'s host, or the text as it is when it has no port. */
  static String stripPort(String hostPort) {
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        return hostPort;
      }
      String rest = hostPort.substring(close + 2);
      if (rest.contains(":")
          || hostPort.substring(1, close).contains("[")
          || rest.contains("[")
          || rest.contains("]")) {
        return hostPort;
      }
      return hostPort.substring(1, close);
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || hostPort.indexOf(':') != colon) {
      return hostPort;
    }
    String host = hostPort.substring(0, colon);
    if (host.contains("[") || host.contains("]") || hostPort.substring(colon + 1).contains("]")) {
      return hostPort;
    }
    return host;
  }

  /** Prometheus's convertToFloat: float64, a string strconv.ParseFloat reads, or an int. */
  static double toFloat(Object v) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String s) {
      return parseFloat(s);
    }
    throw new TemplateException("can't convert " + GoValues.typeName(v) + " to float");
  }

  /**
   * Go's {@code strconv.ParseFloat(s, 64)}, with its errors: the evaluator's reading of the texts
   * it takes, and "value out of range" for a finite text beyond a float64.
   */
  static double parseFloat(String s) {
    Double d = GoMath.parseFloat(s);
    if (d == null) {
      throw new TemplateException(
          "strconv.ParseFloat: parsing " + GoFmt.quote(s) + ": invalid syntax");
    }
    String unsigned = s.replaceFirst("^[+-]", "").toLowerCase(Locale.ROOT);
    if (d.isInfinite() && !unsigned.equals("inf") && !unsigned.equals("infinity")) {
      throw new TemplateException(
          "strconv.ParseFloat: parsing " + GoFmt.quote(s) + ": value out of range");
    }
    return d;
  }

  private static String g4(double v) {
    return GoFmt.sprintf("%.4g", List.of(v));
  }

  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : new String[] {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return g4(v) + prefix;
    }
    for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix;
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    for (String p : new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g4(v) + prefix;
  }

  static String humanizeDuration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    if (v == 0) {
      return g4(v) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = "";
      if (v < 0) {
        sign = "-";
        v = -v;
      }
      long duration = goInt64(v);
      long seconds = duration % 60;
      long minutes = (duration / 60) % 60;
      long hours = (duration / 60 / 60) % 24;
      long days = duration / 60 / 60 / 24;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + g4(v) + "s";
    }
    String prefix = "";
    for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix + "s";
  }

  /** Go's int64(v) for a float64: toward zero; out of range gives the minimum on amd64. */
  private static long goInt64(double v) {
    if (Double.isNaN(v) || v >= 9.223372036854775807E18 || v < -9.223372036854775808E18) {
      return Long.MIN_VALUE;
    }
    return (long) v;
  }

  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Go's {@code time.Time.String()} for the UTC time at a Prometheus millisecond. */
  static String humanizeTimestamp(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    double nanos = v * 1e9;
    if (nanos > 9.223372036854775807E18 || nanos < -9.223372036854775808E18) {
      throw new TemplateException(
          GoFmt.value(v)
              + " cannot be represented as a nanoseconds timestamp since it overflows int64");
    }
    long millis = goInt64(nanos) / 1_000_000;
    Instant t = Instant.ofEpochMilli(millis);
    StringBuilder out = new StringBuilder(GO_TIME.format(t));
    int ms = t.getNano() / 1_000_000;
    if (ms != 0) {
      String frac = String.format(Locale.ROOT, "%03d", ms).replaceAll("0+$", "");
      out.append('.').append(frac);
    }
    return out.append(" +0000 UTC").toString();
  }
}
