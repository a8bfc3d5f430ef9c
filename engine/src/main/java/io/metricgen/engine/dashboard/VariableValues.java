package io.metricgen.engine.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Values of template variables that need no data source, and Grafana's variable regex. */
public final class VariableValues {

  private VariableValues() {}

  /**
   * The values of a custom, interval, constant, textbox or datasource variable; null for a query
   * variable, whose values come from a data source; empty for the kinds not read (adhoc).
   */
  public static List<String> withoutDataSource(Dashboard.Variable v) {
    switch (v.type()) {
      case "custom", "interval" -> {
        List<String> out = new ArrayList<>();
        // Grafana's own options first; "auto" ($__auto_interval_x) is not a value a query can read.
        for (String o : v.options()) {
          if (!o.startsWith("$__")) {
            out.add(o);
          }
        }
        if (!out.isEmpty()) {
          return out;
        }
        for (String item : splitCustom(v.query())) {
          // "key : value" pairs: the text shown, and the value queries read.
          int colon = item.indexOf(" : ");
          String value = colon >= 0 ? item.substring(colon + 3) : item;
          if (!value.isBlank() && !value.strip().startsWith("$__")) {
            out.add(value.strip());
          }
        }
        return out;
      }
      case "constant", "textbox" -> {
        return v.query().isEmpty() ? List.of() : List.of(v.query());
      }
      case "datasource" -> {
        return List.of("prometheus");
      }
      case "query" -> {
        return null;
      }
      default -> {
        return List.of();
      }
    }
  }

  /** A custom variable's comma-separated values; a backslash keeps a comma in a value. */
  private static List<String> splitCustom(String query) {
    List<String> out = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '\\' && i + 1 < query.length() && query.charAt(i + 1) == ',') {
        item.append(',');
        i++;
      } else if (c == ',') {
        out.add(item.toString());
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    out.add(item.toString());
    return out;
  }

  /** The pattern of a variable regex written as {@code /re/flags} or bare; null when none. */
  public static Pattern pattern(String regex) {
    String body = regex;
    if (body.startsWith("/") && body.lastIndexOf('/') > 0) {
      body = body.substring(1, body.lastIndexOf('/'));
    }
    if (body.isEmpty()) {
      return null;
    }
    String flags = regex.startsWith("/") ? regex.substring(regex.lastIndexOf('/') + 1) : "";
    try {
      return Pattern.compile(body, flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0);
    } catch (PatternSyntaxException | StackOverflowError e) {
      return null;
    }
  }

  /**
   * What Grafana keeps of the values a variable's query found: those the regex matches, each
   * replaced by its first group when the regex has one.
   */
  public static List<String> applyRegex(Pattern p, List<String> values) {
    if (p == null) {
      return values;
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      // Grafana runs it as a JavaScript regex, which backtracks: bound the work each value costs.
      Matcher m = p.matcher(new BoundedText(v, 100_000));
      boolean found;
      try {
        found = m.find();
      } catch (BoundedText.TooMuchWork | StackOverflowError e) {
        found = false;
      }
      if (found) {
        String x = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : v;
        if (!x.isEmpty() && !out.contains(x)) {
          out.add(x);
        }
      }
    }
    return out;
  }

  /** Variables in the order Grafana resolves them, and those in a cycle, which it can't. */
  public record Ordered(List<Dashboard.Variable> variables, List<Dashboard.Variable> cyclic) {}

  /**
   * The variables, each after those its query refers to, as Grafana resolves them whatever their
   * order in the list. A variable that refers to itself, or to others that refer back to it, is
   * listed as cyclic instead.
   */
  public static Ordered inDependencyOrder(List<Dashboard.Variable> variables) {
    List<Dashboard.Variable> pending = new ArrayList<>(variables);
    List<Dashboard.Variable> out = new ArrayList<>();
    while (!pending.isEmpty()) {
      Dashboard.Variable ready = null;
      for (Dashboard.Variable v : pending) {
        Set<String> refs = references(v);
        if (!refs.contains(v.name()) && pending.stream().noneMatch(p -> refs.contains(p.name()))) {
          ready = v;
          break;
        }
      }
      if (ready == null) {
        return new Ordered(out, List.copyOf(pending));
      }
      pending.remove(ready);
      out.add(ready);
    }
    return new Ordered(out, List.of());
  }

  private static Set<String> references(Dashboard.Variable v) {
    Set<String> refs = Interpolation.references(v.query());
    refs.addAll(Interpolation.references(v.regex()));
    return refs;
  }
}
