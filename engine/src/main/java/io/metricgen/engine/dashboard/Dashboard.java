package io.metricgen.engine.dashboard;

import java.util.List;

/**
 * What metricgen reads of a Grafana dashboard: its panels' Prometheus queries and its template
 * variables, each with the field and line it came from. Plain data; {@link DashboardReader} makes
 * it.
 */
public record Dashboard(
    String source, String title, String uid, List<Panel> panels, List<Variable> variables) {

  public Dashboard {
    panels = List.copyOf(panels);
    variables = List.copyOf(variables);
  }

  /** A panel that has Prometheus queries; rows and text panels are not listed. */
  public record Panel(String title, String field, int line, List<Target> targets) {
    public Panel {
      targets = List.copyOf(targets);
    }
  }

  /** One query of a panel. */
  public record Target(String refId, String expr, String field, int line) {}

  /**
   * A template variable. For query variables {@code query} is the query text; for custom ones the
   * comma-separated list; options are the values the dashboard lists (custom and interval).
   */
  public record Variable(
      String name,
      String type,
      String query,
      String regex,
      boolean multi,
      boolean includeAll,
      String allValue,
      List<String> options,
      String field,
      int line) {
    public Variable {
      options = List.copyOf(options);
    }
  }

  /** The variable of this name, or null. */
  public Variable variable(String name) {
    return variables.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
  }

  /** The number of queries in all panels. */
  public int targetCount() {
    return panels.stream().mapToInt(p -> p.targets().size()).sum();
  }
}
