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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    List<String> jsons = new ArrayList<>();
    for (MetricGeneratorSpec.DashboardSpec d : spec.dashboards) {
      jsons.add(d.json != null ? d.json : configMapDashboards.apply(d.configMapRef));
    }
    if (jsons.contains(null)) {
      throw new InvalidInputException(read(spec, jsons).problems());
    }
    Made made;
    synchronized (MADE) {
      made = MADE.get(jsons);
    }
    if (made == null) {
      made = scaffold(spec, jsons);
      synchronized (MADE) {
        MADE.put(jsons, made);
      }
    }
    if (!made.problems().isEmpty()) {
      throw new InvalidInputException(made.problems());
    }
    return made.scenario().deepCopy();
  }

  /** Dashboards read, a scenario made from them, or what is wrong with them. */
  private record Made(List<Dashboard> dashboards, JsonNode scenario, List<Problem> problems) {}

  // The validator, the scenario's ConfigMap and a history's Backfill all ask for the scenario, at
  // every reconciliation: scaffolding is pure, so the same dashboards are scaffolded once.
  private static final Map<List<String>, Made> MADE =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Made> eldest) {
          return size() > 32;
        }
      };

  /** What is kept of the dashboards: the scenario made from them, or their problems. */
  private static Made scaffold(MetricGeneratorSpec spec, List<String> jsons) {
    Made read = read(spec, jsons);
    if (!read.problems().isEmpty()) {
      return new Made(List.of(), null, read.problems());
    }
    Scaffold scaffold = Scaffolder.scaffold(read.dashboards(), List.of());
    // A resource is all or nothing: a panel it can't scaffold makes it invalid, not half-served.
    return scaffold.skipped().isEmpty()
        ? new Made(List.of(), ScenarioLoader.mapper().valueToTree(scaffold.scenario()), List.of())
        : new Made(List.of(), null, scaffold.skipped());
  }

  /** The dashboards read, with a problem for each that can't be had or read, in their order. */
  private static Made read(MetricGeneratorSpec spec, List<String> jsons) {
    List<Dashboard> dashboards = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < jsons.size(); i++) {
      String source = "spec.dashboards[" + i + "]";
      if (jsons.get(i) == null) {
        problems.add(
            new Problem(
                source,
                0,
                "configMapRef",
                "its JSON can't be read here (the ConfigMap "
                    + spec.dashboards.get(i).configMapRef.name
                    + "), and scenarioFrom: dashboards needs it"));
        continue;
      }
      try {
        dashboards.add(DashboardReader.read(source, jsons.get(i)));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    return new Made(dashboards, null, List.copyOf(problems));
  }
}
