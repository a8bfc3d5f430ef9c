package io.metricgen.engine.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.load.ScenarioCompiler;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.ruletest.Expectation;
import io.metricgen.engine.time.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentPlannerTest {

  private static final long EVAL = 60_000;

  /** Conditions that scaffold's data alone never met, each of a kind the issue names. */
  private static final String RULES =
      """
      groups:
      - name: g
        rules:
        - alert: ArithmeticThreshold
          expr: lastCheckpointDuration / 1000 > 60
          for: 5m
        - alert: RateThreshold
          expr: sum(rate(requests_total[1m])) > 10000
        - alert: Deriv
          expr: deriv(go_goroutines[5m]) > 10
          for: 2m
        - alert: Ratio
          expr: sum(rate(errors_total[5m])) / sum(rate(ops_total[5m])) > 0.4
          for: 1m
        - alert: Headroom
          expr: 100 - node_avail_bytes / node_size_bytes * 100 > 90
        - alert: Flapping
          expr: changes(state_value[2m]) > 2
        - alert: ExactZero
          expr: max_over_time(queue_depth[5m]) == 0
          for: 3m
        - alert: Missing
          expr: absent(up{job="payments"})
          for: 5m
        - alert: Latency
          expr: histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le)) > 1
          for: 5m
        - alert: OneInstanceDiffers
          expr: abs(cpu_load - on(job) group_left avg by (job) (cpu_load)) > 5
        - alert: CpuHigh
          expr: max by (instance) (cpu_load{instance=~"a|b"}) > 90
        - alert: Impossible
          expr: up{job!~".*"} == 0
        - alert: ReadsAlerts
          expr: ALERTS{alertstate="firing"} > 0
        - alert: Always
          expr: vector(1)
        - alert: Clock
          expr: time() - last_success_timestamp_seconds > 3600
      """;

  @Test
  void everyAlertThatCanFireFiresOnceInItsWindowAndTheRestSayWhy() {
    List<RuleReader.Rule> rules = RuleReader.read("rules.yaml", RULES);
    Scaffold s = Scaffolder.scaffold(List.of(), rules, x -> "", true);
    Incidents incidents = s.incidents();
    Map<String, String> why = new HashMap<>();
    for (Problem p : incidents.unpromised()) {
      String text = p.toString();
      why.put(text.replaceFirst(".*alert (\\w+): .*", "$1"), text);
    }
    assertThat(why.keySet())
        .containsExactlyInAnyOrder("Impossible", "ReadsAlerts", "Always", "Clock");
    assertThat(why.get("ReadsAlerts")).contains("reads ALERTS");
    assertThat(why.get("Always")).contains("reads no series");
    assertThat(why.get("Clock")).contains("compares with the clock (time())");
    assertThat(why.get("Impossible")).startsWith("rules.yaml:");
    assertThat(incidents.alerts()).isEqualTo(15);
    assertThat(incidents.promised()).isEqualTo(11);
    assertThat(s.scenario().expect).isEqualTo(incidents.expect());

    // The scenario as written loads, and each promise holds when the expressions are evaluated
    // again over it from scratch: true from for before each window to its end, never otherwise.
    String yaml = ScaffoldWriter.write(s, List.of("rules.yaml"));
    Scenario written = ScenarioLoader.parse("s.yaml", yaml, Scenario.class);
    assertThat(written.expect).isEqualTo(incidents.expect());
    assertKept(written, rules);
  }

  @Test
  void alertsOnTheSameSeriesTakeTurnsAndEachFiresAlone() {
    String text =
        """
        groups:
        - name: g
          rules:
          - alert: High
            expr: temperature_celsius > 80
          - alert: VeryHigh
            expr: temperature_celsius > 95
          - alert: Low
            expr: temperature_celsius < 5
        """;
    List<RuleReader.Rule> rules = RuleReader.read("r.yaml", text);
    Scaffold s = Scaffolder.scaffold(List.of(), rules, x -> "", true);
    assertThat(s.incidents().promised()).isEqualTo(3);
    Map<String, List<Expectation>> by = byAlert(s.scenario().expect);
    // Low's window shares no time with High's: it reads the same series.
    for (Expectation low : by.get("Low")) {
      for (Expectation high : by.get("High")) {
        assertThat(low.toMillis() < high.fromMillis() || high.toMillis() < low.fromMillis())
            .as("%s and %s", low, high)
            .isTrue();
      }
    }
    assertKept(s.scenario(), rules);
  }

  @Test
  void withoutIncidentsTheScenarioPromisesNothing() {
    List<RuleReader.Rule> rules = RuleReader.read("rules.yaml", RULES);
    Scaffold s = Scaffolder.scaffold(List.of(), rules, x -> "", false);
    assertThat(s.incidents()).isEqualTo(Incidents.NONE);
    assertThat(s.scenario().expect).isNull();
  }

  private static Map<String, List<Expectation>> byAlert(List<String> expect) {
    Map<String, List<Expectation>> out = new HashMap<>();
    for (String e : expect) {
      Expectation x = Expectation.parse(e);
      out.computeIfAbsent(x.alert(), k -> new ArrayList<>()).add(x);
    }
    return out;
  }

  /** Each promised alert's expression holds exactly from for before each window to its end. */
  static void assertKept(Scenario scenario, List<RuleReader.Rule> rules) {
    Map<String, List<Expectation>> by = byAlert(scenario.expect);
    long end =
        by.values().stream()
                .flatMap(List::stream)
                .mapToLong(Expectation::toMillis)
                .max()
                .orElseThrow()
            + 30 * EVAL;
    QueryEngine engine =
        QueryEngine.builder(
                new ScenarioStorage(ScenarioCompiler.compile(scenario), 0, end, Map.of()))
            .build();
    int steps = (int) (end / EVAL);
    for (RuleReader.Rule r : rules) {
      List<Expectation> windows = by.get(r.alert());
      if (windows == null) {
        continue;
      }
      long hold = r.forDuration() == null ? 0 : Durations.parse(r.forDuration()).toMillis();
      boolean[] expected = new boolean[steps];
      for (Expectation x : windows) {
        assertThat(x.fromMillis() - hold).as("%s has quiet time before it", x).isPositive();
        for (long t = x.fromMillis() - hold; t <= x.toMillis(); t += EVAL) {
          expected[(int) (t / EVAL)] = true;
        }
      }
      boolean[] actual = new boolean[steps];
      QueryResult result = engine.range(r.expr(), 0, (steps - 1) * EVAL, EVAL);
      for (RangeSeries series : result.series()) {
        for (int i = 0; i < series.size(); i++) {
          actual[(int) (series.time(i) / EVAL)] = true;
        }
      }
      assertThat(actual)
          .as("%s (%s), promised %s", r.alert(), r.expr(), windows)
          .isEqualTo(expected);
    }
  }
}
