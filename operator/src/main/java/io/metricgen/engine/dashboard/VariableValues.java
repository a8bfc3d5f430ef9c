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
        if (!v.options().isEmpty()) {
          return v.options();
        }
        List<String> out = new ArrayList<>();
        for (String item : v.query().split(",")) {
          String value = item.contains(" : ") ? item.substring(item.indexOf(" : ") + 3) : item;
          if (!value.isBlank()) {
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

  /** The pattern of a variable regex written as {@code /re/flags} or bare; null when none. */
  public static Pattern pattern(String regex) {
    String body = regex;
    if (body.startsWith("/") && body.lastIndexOf('/') > 0) {
      body = body.substring(1, body.lastIndexOf('/'));
    }
    if (body.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(body);
    } catch (PatternSyntaxException e) {
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
      Matcher m = p.matcher(v);
      if (m.find()) {
        String x = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : v;
        if (!x.isEmpty() && !out.contains(x)) {
          out.add(x);
        }
      }
    }
    return out;
  }

  /**
   * The variables, each after those its query refers to, as Grafana resolves them whatever their
   * order in the list; a cycle is left in list order.
   */
  public static List<Dashboard.Variable> inDependencyOrder(List<Dashboard.Variable> variables) {
    List<Dashboard.Variable> pending = new ArrayList<>(variables);
    List<Dashboard.Variable> out = new ArrayList<>();
    while (!pending.isEmpty()) {
      Dashboard.Variable ready = null;
      for (Dashboard.Variable v : pending) {
        Set<String> refs = Interpolation.references(v.query());
        refs.remove(v.name());
        if (pending.stream().noneMatch(p -> refs.contains(p.name()))) {
          ready = v;
          break;
        }
      }
      Dashboard.Variable next = ready != null ? ready : pending.get(0);
      pending.remove(next);
      out.add(next);
    }
    return out;
  }
}
