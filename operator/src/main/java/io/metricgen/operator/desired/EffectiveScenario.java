package io.metricgen.operator.desired;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.DashboardReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.scaffold.Scaffold;
import io.metricgen.engine.scaffold.Scaffolder;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The scenario a MetricGenerator runs: its own, or with {@code scenarioFrom: dashboards} the one
 * metricgen scaffold makes from its dashboards, so that every panel has data.
 */
public final class EffectiveScenario {

  private EffectiveScenario() {}

  /**
   * The scenario as a tree.
   *
   * @param configMapDashboards the JSON of dashboards given by ConfigMap reference, or null when it
   *     can't be had
   * @throws InvalidInputException naming the dashboard and what is wrong with it, or that a
   *     dashboard's JSON can't be had
   */
  public static JsonNode of(
      MetricGenerator mg,
      Function<MetricGeneratorSpec.ConfigMapKeyRef, String> configMapDashboards) {
    MetricGeneratorSpec spec = mg.getSpec();
    if (spec.scenario != null || spec.scenarioFrom == null) {
      return spec.scenario;
    }
    List<Dashboard> dashboards = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < spec.dashboards.size(); i++) {
      MetricGeneratorSpec.DashboardSpec d = spec.dashboards.get(i);
      String source = "spec.dashboards[" + i + "]";
      String json = d.json != null ? d.json : configMapDashboards.apply(d.configMapRef);
      if (json == null) {
        problems.add(
            new Problem(
                source,
                0,
                "configMapRef",
                "its JSON can't be read here (the ConfigMap "
                    + d.configMapRef.name
                    + "), and scenarioFrom: dashboards needs it"));
        continue;
      }
      try {
        dashboards.add(DashboardReader.read(source, json));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (problems.isEmpty()) {
      Scaffold scaffold = Scaffolder.scaffold(dashboards, List.of());
      problems.addAll(scaffold.problems());
      if (problems.isEmpty()) {
        return ScenarioLoader.mapper().valueToTree(scaffold.scenario());
      }
    }
    throw new InvalidInputException(problems);
  }
}
