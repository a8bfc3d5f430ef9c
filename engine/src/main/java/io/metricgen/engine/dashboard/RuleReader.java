package io.metricgen.engine.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.FieldPath;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.YamlDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus rule files: the plain format ({@code groups:}) and a prometheus-operator
 * PrometheusRule resource ({@code spec.groups}).
 */
public final class RuleReader {

  /**
   * One alerting or recording rule, with where it was written.
   *
   * @param forDuration an alert's {@code for}, as written, or null
   * @param keepFiringFor an alert's {@code keep_firing_for} (Prometheus 2.44 and later), or null
   * @param annotations an alert's annotations, templates as written
   */
  public record Rule(
      String source,
      String group,
      String alert,
      String record,
      String expr,
      String forDuration,
      String keepFiringFor,
      Map<String, String> labels,
      Map<String, String> annotations,
      String field,
      int line) {

    /** The alert's or the recorded series' name. */
    public String name() {
      return alert != null ? alert : record;
    }
  }

  private RuleReader() {}

  /**
   * Reads the rules of one file.
   *
   * @throws InvalidInputException naming file, line and field when it holds no rule groups
   */
  public static List<Rule> read(String source, String text) {
    YamlDocument doc = ScenarioLoader.read(source, text);
    JsonNode root = doc.tree();
    FieldPath base = FieldPath.ROOT;
    if (root.path("kind").asText("").equals("PrometheusRule")) {
      root = root.path("spec");
      base = base.field("spec");
    }
    JsonNode groups = root.path("groups");
    if (!groups.isArray()) {
      throw new InvalidInputException(
          new Problem(
              source,
              doc.lines().lineOf(base),
              base.field("groups").toString(),
              "no rule groups: a rule file has \"groups:\", a PrometheusRule \"spec.groups\""));
    }
    List<Rule> out = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      JsonNode group = groups.get(g);
      JsonNode rules = group.path("rules");
      for (int r = 0; r < rules.size(); r++) {
        JsonNode rule = rules.get(r);
        FieldPath at = base.field("groups").index(g).field("rules").index(r);
        if (!rule.path("expr").isValueNode()) {
          throw new InvalidInputException(
              new Problem(
                  source,
                  doc.lines().lineOf(at),
                  at.field("expr").toString(),
                  "a rule needs an expr"));
        }
        Map<String, String> labels = new java.util.TreeMap<>();
        rule.path("labels")
            .fields()
            .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        Map<String, String> annotations = new java.util.TreeMap<>();
        rule.path("annotations")
            .fields()
            .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        out.add(
            new Rule(
                source,
                group.path("name").asText(""),
                rule.hasNonNull("alert") ? rule.get("alert").asText() : null,
                rule.hasNonNull("record") ? rule.get("record").asText() : null,
                rule.get("expr").asText(),
                rule.hasNonNull("for") ? rule.get("for").asText() : null,
                rule.hasNonNull("keep_firing_for") ? rule.get("keep_firing_for").asText() : null,
                labels,
                annotations,
                at.field("expr").toString(),
                doc.lines().lineOf(at.field("expr"))));
      }
    }
    return out;
  }
}
