package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.ruletest.Expectation;
import io.metricgen.engine.time.Durations;
import io.metricgen.testing.ProjectFiles;
import io.metricgen.testing.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real rule sets we did not write, as given: scaffold gives each alert an incident, promises when
 * it fires, and promtool proves the promises through test-rules; then, independently of both
 * metricgen's evaluator and promtool, each alert's expression run against the real Prometheus after
 * backfill holds exactly from for before each promised window to its end, and at no other time.
 */
class IncidentsOnRealRuleSetsTest {

  private static final Pattern SUMMARY =
      Pattern.compile("alerts: (\\d+) of (\\d+) fire in an incident and resolve");
  private static final Duration EVAL = Duration.ofMinutes(1);

  @Test
  void cephsAlertsFireAndResolveAsPromisedInPromtoolAndInPrometheus(@TempDir Path dir)
      throws Exception {
    Path rules = DashboardsHaveDataTest.CEPH_ALERTS;
    assertThat(rules).as("installed by .ci/run (ceph-prometheus-alerts)").isRegularFile();
    Path scenario = scaffold(dir, rules, 0.9);
    testRules(dir, scenario, rules);
    checkInPrometheus(dir, scenario, rules);
  }

  @Test
  void awesomePrometheusAlertsFireAndResolveAsPromisedInPromtool(@TempDir Path dir) {
    Path rules = ProjectFiles.root().resolve("cli/src/test/resources/fleets/apa/rules");
    Path scenario = scaffold(dir, rules, 0.9);
    testRules(dir, scenario, rules);
  }

  /** Scaffolds the rules; at least {@code share} of the alerts get a promise. */
  private static Path scaffold(Path dir, Path rules, double share) {
    Path scenario = dir.resolve("scenario.yaml");
    CliRun scaffold = CliRun.of("scaffold", "--rules", rules.toString(), "-o", scenario.toString());
    assertThat(scaffold.exit()).as(scaffold.err()).isZero();
    Matcher m = SUMMARY.matcher(scaffold.err());
    assertThat(m.find()).as(scaffold.err()).isTrue();
    int promised = Integer.parseInt(m.group(1));
    int alerts = Integer.parseInt(m.group(2));
    System.out.printf(
        "%s: %d of %d alerts promised (%.1f%%)%n",
        rules, promised, alerts, 100.0 * promised / alerts);
    assertThat((double) promised / alerts).as(scaffold.err()).isGreaterThanOrEqualTo(share);
    // Every alert without a promise is listed, each with where it is and why.
    assertThat(scaffold.err().lines().filter(l -> l.startsWith("no incident: ")).count())
        .isEqualTo(alerts - promised);
    return scenario;
  }

  private static void testRules(Path dir, Path scenario, Path rules) {
    CliRun test =
        CliRun.of(
            "test-rules",
            "-f",
            scenario.toString(),
            "--rules",
            rules.toString(),
            "-o",
            dir.resolve("rules-test.yaml").toString());
    assertThat(test.exit()).as(test.out() + test.err()).isZero();
    assertThat(test.out()).contains("promtool test rules: passed");
    // The promises give each alert's labels, and promtool checked its annotations too (those
    // whose text can't be told exactly, with their labels alone).
    Matcher m = CHECKED.matcher(test.out());
    assertThat(m.find()).as(test.out()).isTrue();
    int annotated = Integer.parseInt(m.group(1));
    int labelsOnly = Integer.parseInt(m.group(2));
    System.out.printf(
        "%s: %d alerts checked with labels and annotations, %d with labels only%n",
        rules, annotated, labelsOnly);
    assertThat(annotated).isGreaterThanOrEqualTo(9 * (annotated + labelsOnly) / 10);
  }

  private static final Pattern CHECKED =
      Pattern.compile(
          "\\((\\d+) alerts checked with labels and annotations, (\\d+) with labels only\\)");

  private static void checkInPrometheus(Path dir, Path scenarioFile, Path rules) throws Exception {
    Scenario scenario =
        ScenarioLoader.parse(
            scenarioFile.toString(), Files.readString(scenarioFile), Scenario.class);
    Map<String, List<Expectation>> promises = new HashMap<>();
    long end = 0;
    for (String e : scenario.expect) {
      Expectation x = Expectation.parse(e);
      promises.computeIfAbsent(x.alert(), k -> new ArrayList<>()).add(x);
      end = Math.max(end, x.toMillis());
    }
    Map<String, RuleReader.Rule> byAlert = new HashMap<>();
    for (RuleReader.Rule r : RuleReader.read(rules.toString(), Files.readString(rules))) {
      if (r.alert() != null) {
        byAlert.put(r.alert(), r);
      }
    }
    long length = end + Duration.ofMinutes(30).toMillis();
    Instant origin = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.MINUTES);
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"),
            "global:\n  scrape_interval: 15s\nstorage:\n  tsdb:\n    out_of_order_time_window: 1d\n",
            "--web.enable-remote-write-receiver")) {
      CliRun backfill =
          CliRun.backfill(
              scenarioFile.toString(),
              prometheus.url() + "/api/v1/write",
              "--start",
              origin.toString(),
              "--end",
              origin.plusMillis(length).toString());
      assertThat(backfill.exit()).as(backfill.err()).isZero();
      int steps = (int) (length / EVAL.toMillis());
      int labelled = 0;
      for (Map.Entry<String, List<Expectation>> e : promises.entrySet()) {
        RuleReader.Rule rule = byAlert.get(e.getKey());
        long hold = rule.forDuration() == null ? 0 : Durations.parse(rule.forDuration()).toMillis();
        hold = (hold + EVAL.toMillis() - 1) / EVAL.toMillis() * EVAL.toMillis();
        boolean[] expected = new boolean[steps];
        for (Expectation x : e.getValue()) {
          for (long t = x.fromMillis() - hold; t <= x.toMillis(); t += EVAL.toMillis()) {
            expected[(int) (t / EVAL.toMillis())] = true;
          }
        }
        boolean[] actual = new boolean[steps];
        JsonNode result =
            prometheus.queryRange(
                rule.expr(), origin, origin.plusMillis((steps - 1) * EVAL.toMillis()), EVAL);
        // Each alert by its labels, as Prometheus makes them: the series' labels without its
        // name, the rule's labels over them (rules whose labels are templates: by name alone).
        boolean byLabels =
            rule.labels().values().stream().noneMatch(v -> v.contains("{{"))
                && e.getValue().stream().allMatch(x -> x.labels() != null);
        Map<Map<String, String>, boolean[]> actualByLabels = new HashMap<>();
        for (JsonNode series : result) {
          Map<String, String> labels = new java.util.TreeMap<>();
          series
              .path("metric")
              .fields()
              .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
          labels.remove("__name__");
          rule.labels()
              .forEach(
                  (k, v) -> {
                    if (v.isEmpty()) {
                      labels.remove(k);
                    } else {
                      labels.put(k, v);
                    }
                  });
          boolean[] at = actualByLabels.computeIfAbsent(labels, k -> new boolean[steps]);
          for (JsonNode point : series.path("values")) {
            long ms = Math.round(point.get(0).asDouble() * 1000) - origin.toEpochMilli();
            actual[(int) (ms / EVAL.toMillis())] = true;
            at[(int) (ms / EVAL.toMillis())] = true;
          }
        }
        if (byLabels) {
          Map<Map<String, String>, boolean[]> expectedByLabels = new HashMap<>();
          for (Expectation x : e.getValue()) {
            boolean[] at = expectedByLabels.computeIfAbsent(x.labels(), k -> new boolean[steps]);
            for (long t = x.fromMillis() - hold; t <= x.toMillis(); t += EVAL.toMillis()) {
              at[(int) (t / EVAL.toMillis())] = true;
            }
          }
          assertThat(actualByLabels.keySet())
              .as("%s: the alerts Prometheus makes, by their labels", e.getKey())
              .isEqualTo(expectedByLabels.keySet());
          for (Map.Entry<Map<String, String>, boolean[]> x : expectedByLabels.entrySet()) {
            assertThat(actualByLabels.get(x.getKey()))
                .as("%s %s: when its expression holds", e.getKey(), x.getKey())
                .isEqualTo(x.getValue());
          }
          labelled++;
        }
        for (int i = 0; i < steps; i++) {
          assertThat(actual[i])
              .as(
                  "%s (%s) at %s: promised %s, so its expression should %s",
                  e.getKey(),
                  rule.expr(),
                  Durations.format(EVAL.multipliedBy(i)),
                  e.getValue(),
                  expected[i] ? "hold" : "not hold")
              .isEqualTo(expected[i]);
        }
      }
      System.out.printf(
          "%s: %d of %d alerts' labels also checked in Prometheus%n",
          rules, labelled, promises.size());
      assertThat(labelled).isGreaterThanOrEqualTo(9 * promises.size() / 10);
    }
  }
}
