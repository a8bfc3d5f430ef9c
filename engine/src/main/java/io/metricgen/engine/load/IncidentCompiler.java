package io.metricgen.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.model.IncidentSpec;
import io.metricgen.engine.series.IncidentPlan;
import io.metricgen.engine.signal.Signal;
import io.metricgen.engine.time.Durations;
import java.time.Duration;
import java.util.Map;

/** Reads and checks incidents; every mistake is a located problem, as in scenarios. */
public final class IncidentCompiler {

  /** The longest incident: a week. */
  public static final Duration MAX_DURATION = Duration.ofDays(7);

  private IncidentCompiler() {}

  /**
   * Reads an incident (JSON or YAML) from {@code text} and checks it for a scenario of {@code
   * intervalMillis}.
   *
   * @throws io.metricgen.engine.InvalidInputException listing every problem
   */
  public static IncidentPlan compile(String source, String text, long intervalMillis) {
    YamlDocument doc = ScenarioLoader.read(source, text);
    IncidentSpec spec = ScenarioLoader.bind(doc, IncidentSpec.class, source);
    return compile(spec, doc.tree(), source, doc.lines(), FieldPath.ROOT, intervalMillis);
  }

  /**
   * Reads the incident {@code node}, which sits at {@code root} of a larger document (a list of
   * incidents), so that problems name the document's lines and paths.
   *
   * @throws io.metricgen.engine.InvalidInputException listing every problem
   */
  public static IncidentPlan compile(
      JsonNode node, String source, SourceMap lines, FieldPath root, long intervalMillis) {
    IncidentSpec spec = ScenarioLoader.bind(node, IncidentSpec.class, source, lines, root);
    return compile(spec, node, source, lines, root, intervalMillis);
  }

  /**
   * Checks {@code spec}, which sits at {@code root} of its document.
   *
   * @param tree the incident as given, kept to show back
   * @throws io.metricgen.engine.InvalidInputException listing every problem
   */
  public static IncidentPlan compile(
      IncidentSpec spec,
      JsonNode tree,
      String source,
      SourceMap lines,
      FieldPath root,
      long intervalMillis) {
    Problems problems = new Problems(source, lines);
    if (spec == null) {
      problems.add(root, "required: an incident with metric, shape and for");
      problems.throwIfAny();
    }
    if (spec.metric == null || !ScenarioCompiler.METRIC_NAME.matcher(spec.metric).matches()) {
      problems.add(
          root.field("metric"),
          spec.metric == null
              ? "required: the name of a metric of the scenario"
              : "\"" + spec.metric + "\" is not a valid metric name");
    }
    Map<String, String> labels = spec.labels == null ? Map.of() : spec.labels;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String problem = Checks.labelProblem(e.getKey(), e.getValue(), Map.of());
      if (problem != null) {
        problems.add(root.field("labels").field(e.getKey()), problem);
      }
    }
    Checks checks = new Checks(problems, intervalMillis);
    ShapeCompiler shapes = new ShapeCompiler(checks);
    Signal shape = null;
    Signal scale = null;
    if (spec.shape == null && spec.scale == null) {
      problems.add(
          root.field("shape"),
          "required: a shape (a number, promtool series notation, or one of "
              + ShapeCompiler.KINDS
              + "), or a scale for a histogram or summary");
    }
    if (spec.shape != null) {
      shape = shapes.compile(spec.shape, root.field("shape"));
    }
    if (spec.scale != null) {
      scale = shapes.compile(spec.scale, root.field("scale"));
    }
    Duration duration = null;
    FieldPath at = root.field("for");
    if (spec.duration == null) {
      problems.add(at, "required: how long it lasts, " + Durations.VALID);
    } else {
      try {
        duration = Durations.parse(spec.duration);
        if (duration.toMillis() < intervalMillis || duration.compareTo(MAX_DURATION) > 0) {
          problems.add(
              at,
              "must be at least the scenario's interval ("
                  + Durations.format(Duration.ofMillis(intervalMillis))
                  + ") and at most "
                  + Durations.format(MAX_DURATION)
                  + ", got "
                  + spec.duration);
        }
      } catch (IllegalArgumentException e) {
        problems.add(at, e.getMessage());
      }
    }
    String mode = spec.mode == null ? "add" : spec.mode;
    if (!mode.equals("add") && !mode.equals("replace")) {
      problems.add(root.field("mode"), "must be add or replace, got " + spec.mode);
    }
    problems.throwIfAny();
    return new IncidentPlan(
        spec.metric, labels, shape, scale, mode.equals("replace"), duration, tree.deepCopy());
  }
}
