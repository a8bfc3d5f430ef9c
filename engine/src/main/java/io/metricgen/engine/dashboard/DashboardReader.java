package io.metricgen.engine.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.FieldPath;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.SourceMap;
import io.metricgen.engine.load.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Grafana dashboard JSON: panels at the top, in collapsed rows ({@code panels[].panels}) and
 * in the rows of the old schema ({@code rows[].panels}); each panel's Prometheus targets ({@code
 * targets[].expr}, hidden ones and other data sources left out); and the template variables. A
 * dashboard exported with Grafana's API ({@code {"dashboard": {...}}}) is read too.
 */
public final class DashboardReader {

  private DashboardReader() {}

  /**
   * Reads one dashboard.
   *
   * @throws InvalidInputException naming the file, line and field, for text that is not a JSON
   *     object, or a dashboard without panels
   */
  public static Dashboard read(String source, String text) {
    String trimmed = text.stripLeading();
    if (!trimmed.startsWith("{")) {
      throw new InvalidInputException(
          new Problem(source, 1, "", "not a Grafana dashboard: expected a JSON object"));
    }
    YamlDocument doc = ScenarioLoader.read(source, text);
    JsonNode root = doc.tree();
    FieldPath base = FieldPath.ROOT;
    if (!root.has("panels") && !root.has("rows") && root.path("dashboard").isObject()) {
      root = root.get("dashboard");
      base = base.field("dashboard");
    }
    Reader r = new Reader(source, doc.lines());
    r.panels(root.path("panels"), base.field("panels"));
    JsonNode rows = root.path("rows");
    for (int i = 0; i < rows.size(); i++) {
      r.panels(rows.get(i).path("panels"), base.field("rows").index(i).field("panels"));
    }
    if (r.seen == 0) {
      throw new InvalidInputException(
          new Problem(
              source,
              doc.lines().lineOf(base),
              base.toString(),
              "no panels: a Grafana dashboard lists them in \"panels\" (or in \"rows\" of the old"
                  + " schema)"));
    }
    JsonNode list = root.path("templating").path("list");
    List<Dashboard.Variable> variables = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      variables.add(
          variable(list.get(i), base.field("templating").field("list").index(i), doc.lines()));
    }
    return new Dashboard(
        source, root.path("title").asText(""), root.path("uid").asText(""), r.out, variables);
  }

  private static final class Reader {
    final String source;
    final SourceMap lines;
    final List<Dashboard.Panel> out = new ArrayList<>();
    int seen;

    Reader(String source, SourceMap lines) {
      this.source = source;
      this.lines = lines;
    }

    void panels(JsonNode panels, FieldPath at) {
      if (!panels.isArray()) {
        return;
      }
      for (int i = 0; i < panels.size(); i++) {
        JsonNode p = panels.get(i);
        FieldPath field = at.index(i);
        seen++;
        panels(p.path("panels"), field.field("panels"));
        List<Dashboard.Target> targets = new ArrayList<>();
        JsonNode ts = p.path("targets");
        for (int k = 0; k < ts.size(); k++) {
          JsonNode t = ts.get(k);
          FieldPath tf = field.field("targets").index(k);
          if (!t.path("expr").isTextual()
              || t.path("expr").asText().isBlank()
              || t.path("hide").asBoolean(false)
              || !prometheus(t.path("datasource"))
              || (t.path("datasource").isMissingNode() && !prometheus(p.path("datasource")))) {
            continue;
          }
          targets.add(
              new Dashboard.Target(
                  t.path("refId").asText(String.valueOf((char) ('A' + k))),
                  t.get("expr").asText(),
                  tf.field("expr").toString(),
                  lines.lineOf(tf.field("expr"))));
        }
        if (!targets.isEmpty()) {
          out.add(
              new Dashboard.Panel(
                  p.path("title").asText(""), field.toString(), lines.lineOf(field), targets));
        }
      }
    }
  }

  /** A data source that is not declared to be something else than Prometheus. */
  private static boolean prometheus(JsonNode datasource) {
    String type = datasource.path("type").asText("");
    return type.isEmpty() || type.equals("prometheus") || type.startsWith("$");
  }

  private static Dashboard.Variable variable(JsonNode v, FieldPath at, SourceMap lines) {
    JsonNode q = v.path("query");
    String query;
    if (q.isObject()) {
      // Grafana 10 and later keep the query of a query variable in an object.
      query = q.path("query").asText("");
      if (query.isEmpty() && q.has("label")) {
        String metric = q.path("metric").asText("");
        query =
            "label_values("
                + (metric.isEmpty() ? "" : metric + ", ")
                + q.path("label").asText()
                + ")";
      }
    } else {
      query = q.asText("");
    }
    List<String> options = new ArrayList<>();
    for (JsonNode o : v.path("options")) {
      String value = o.path("value").asText("");
      if (!value.isEmpty() && !value.equals("$__all")) {
        options.add(value);
      }
    }
    JsonNode all = v.path("allValue");
    return new Dashboard.Variable(
        v.path("name").asText(""),
        v.path("type").asText("query"),
        query,
        v.path("regex").asText(""),
        v.path("multi").asBoolean(false),
        v.path("includeAll").asBoolean(false),
        all.isTextual() && !all.asText().isEmpty() ? all.asText() : null,
        options,
        at.toString(),
        lines.lineOf(at));
  }
}
