package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.DashboardReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.verify.DashboardVerifier;
import io.metricgen.engine.verify.PrometheusQueries;
import io.metricgen.engine.verify.QuerySource;
import io.metricgen.engine.verify.ScenarioQueries;
import io.metricgen.engine.verify.TargetResult;
import io.metricgen.operator.desired.EffectiveScenario;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that every panel of a MetricGenerator's dashboards has data, as {@code metricgen verify}
 * does: in the Prometheus the operator is given, or, without one, in the resource's own scenario
 * evaluated in process (as {@code verify --scenario}: before anything has been scraped). At most
 * once per interval, or when the spec changes. The result is the status's {@code dashboardData} and
 * the condition {@code DashboardsHaveData}; status is written only when the result changes (the
 * condition's {@code lastTransitionTime} says since when), never as a heartbeat.
 */
public final class DashboardDataCheck {

  static final String CONDITION = "DashboardsHaveData";
  private static final Duration LONGEST = Duration.ofHours(6);
  private static final Duration SHORTEST = Duration.ofMinutes(5);
  private static final int NAMES_KEPT = 20;

  // One client for every check: each HTTP client holds a thread and connections of its own.
  // Null: each resource's scenario answers instead.
  private final PrometheusQueries prometheus;
  private final Duration every;
  // When each resource's panels were last checked (by uid, with the generation checked). Kept here
  // rather than in status: a check that finds what the last one found writes nothing. After a
  // restart each resource is checked on its first pass.
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  private record Checked(Long generation, Instant at) {}

  private DashboardDataCheck(Duration every) {
    this.prometheus = null;
    this.every = every;
  }

  /** A check against each resource's own scenario, for an operator without a Prometheus. */
  public static DashboardDataCheck againstScenarios(Duration every) {
    return new DashboardDataCheck(every);
  }

  /**
   * @param prometheus the Prometheus the dashboards read, like
   *     http://prometheus-operated.monitoring.svc:9090
   * @param every how often the panels are checked again
   */
  public DashboardDataCheck(URI prometheus, Duration every) {
    this.prometheus =
        new PrometheusQueries(
            prometheus, HttpSettings.builder().timeout(Duration.ofSeconds(10)).build());
    this.every = every;
  }

  /** How often the panels are checked again. */
  public Duration every() {
    return every;
  }

  /** The check's result: the new data, or the last one while it is recent. */
  MetricGeneratorStatus.DashboardData run(
      MetricGenerator mg, Context<MetricGenerator> context, Instant now)
      throws InterruptedException {
    MetricGeneratorStatus before = mg.getStatus();
    MetricGeneratorStatus.DashboardData last = before == null ? null : before.dashboardData;
    Long generation = mg.getMetadata().getGeneration();
    boolean sameSpec = before != null && Objects.equals(before.observedGeneration, generation);
    Checked previous = checked.get(mg.getMetadata().getUid());
    if (last != null
        && sameSpec
        && previous != null
        && Objects.equals(previous.generation(), generation)
        && previous.at().plus(every).isAfter(now)) {
      return last;
    }
    List<Dashboard> dashboards = new ArrayList<>();
    List<MetricGeneratorSpec.DashboardSpec> specs = mg.getSpec().dashboards;
    for (int i = 0; i < specs.size(); i++) {
      try {
        String json = DashboardSources.json(mg, specs.get(i), i, context);
        dashboards.add(DashboardReader.read("spec.dashboards[" + i + "]", json));
      } catch (ResourceProblem | InvalidInputException e) {
        // The dashboards' own dependent reports it; the others are still checked.
      }
    }
    Instant created =
        mg.getMetadata().getCreationTimestamp() == null
            ? now.minus(LONGEST)
            : OffsetDateTime.parse(mg.getMetadata().getCreationTimestamp()).toInstant();
    Duration range = Duration.between(created, now);
    if (mg.getSpec().history != null || range.compareTo(LONGEST) > 0) {
      range = LONGEST;
    }
    if (range.compareTo(SHORTEST) < 0) {
      range = SHORTEST;
    }
    QuerySource source = prometheus;
    if (source == null) {
      source = scenario(mg, context, now.minus(range), now);
      if (source == null) {
        return last; // the scenario's own dependent reports what is wrong with it
      }
    }
    DashboardVerifier verifier = new DashboardVerifier(source, now, range);
    Map<String, Boolean> panels = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    int errors = 0;
    int results = 0;
    for (Dashboard d : dashboards) {
      for (TargetResult r : verifier.verify(d)) {
        results++;
        errors += r.error() != null ? 1 : 0;
        panels.merge(r.key(), r.hasData(), Boolean::logicalAnd);
        names.putIfAbsent(r.key(), r.owner());
      }
    }
    MetricGeneratorStatus.DashboardData data = new MetricGeneratorStatus.DashboardData();
    data.panels = panels.size();
    data.panelsWithData = (int) panels.values().stream().filter(b -> b).count();
    data.emptyPanels =
        panels.entrySet().stream()
            .filter(e -> !e.getValue())
            .map(e -> names.get(e.getKey()))
            .limit(NAMES_KEPT)
            .toList();
    // Every query failing means Prometheus, not the data: the condition says Unknown.
    if (results > 0 && errors == results) {
      data.panelsWithData = null;
    }
    checked.put(mg.getMetadata().getUid(), new Checked(generation, now));
    return data;
  }

  /** Forgets a resource that is gone. */
  void forget(MetricGenerator mg) {
    checked.remove(mg.getMetadata().getUid());
  }

  /**
   * The resource's scenario as it would be stored from {@code origin} with the labels its live
   * series carry; null when it can't be had.
   */
  private static QuerySource scenario(
      MetricGenerator mg, Context<MetricGenerator> context, Instant origin, Instant now) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree =
          EffectiveScenario.of(mg, ref -> DashboardSources.json(mg, ref, context));
      if (tree == null) {
        return null;
      }
      CompiledScenario compiled =
          ScenarioLoader.compile("spec.scenario", ScenarioLoader.write(tree), null);
      return new ScenarioQueries(
          new ScenarioStorage(
              compiled,
              origin.toEpochMilli(),
              now.toEpochMilli() + 1,
              GeneratorObjects.pushedLabels(mg)),
          "of " + mg.getMetadata().getName());
    } catch (InvalidInputException | ResourceProblem e) {
      return null;
    }
  }

  /** The DashboardsHaveData condition for a check's result. */
  static Condition condition(
      List<Condition> previous,
      MetricGeneratorStatus.DashboardData data,
      long generation,
      Instant now) {
    if (data.panelsWithData == null) {
      return StatusAggregator.condition(
          previous,
          CONDITION,
          "Unknown",
          "PrometheusUnreachable",
          "no query of the " + data.panels + " panels could run; see the operator's log",
          generation,
          now);
    }
    boolean all = data.panelsWithData.equals(data.panels);
    String counts = data.panelsWithData + " of " + data.panels + " panels have data";
    return StatusAggregator.condition(
        previous,
        CONDITION,
        all ? "True" : "False",
        all ? "AllPanelsHaveData" : "EmptyPanels",
        all
            ? counts
            : counts
                + "; without: "
                + String.join(
                    ", ", data.emptyPanels.subList(0, Math.min(5, data.emptyPanels.size()))),
        generation,
        now);
  }
}
