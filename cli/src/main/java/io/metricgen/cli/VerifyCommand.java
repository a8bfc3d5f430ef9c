package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.MetricgenException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.verify.DashboardVerifier;
import io.metricgen.engine.verify.PrometheusQueries;
import io.metricgen.engine.verify.QuerySource;
import io.metricgen.engine.verify.ScenarioQueries;
import io.metricgen.engine.verify.TargetResult;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen verify}: does every panel have data in a Prometheus? */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every panel query of Grafana dashboards, and every rule, through a Prometheus, or"
          + " through a scenario evaluated in process (--scenario) when there is none yet.",
      "Over a range, with template variables set to their first value and to All, it prints a"
          + " table: panel, query, series returned, verdict.",
      "Exits 4 when a panel or rule has no data, so that a pipeline can fail on it."
    })
final class VerifyCommand implements Callable<Integer> {

  private static final int QUERY_WIDTH = 70;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DashboardInputs inputs;

  @Mixin HttpOptions http;

  @Option(
      names = "--prometheus",
      paramLabel = "URL",
      description = "Prometheus's base URL, like http://localhost:9090 (or give --scenario).")
  URI prometheus;

  @Option(
      names = "--scenario",
      paramLabel = "SCENARIO",
      description =
          "Instead of a Prometheus: the scenario's series, evaluated here as Prometheus 2.42"
              + " would, as if backfilled over the range (no Prometheus, no data needed).")
  java.nio.file.Path scenario;

  @Option(
      names = "--label",
      paramLabel = "NAME=VALUE",
      description =
          "With --scenario: a label every series has, as the scrape adds job or instance"
              + " (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--range",
      paramLabel = "DURATION",
      defaultValue = "6h",
      description = "How far back the queries look. Default ${DEFAULT-VALUE}.")
  String range;

  @Option(
      names = "--end",
      paramLabel = "TIME",
      defaultValue = "now",
      description = "The end of the range: RFC 3339, Unix seconds, or now-1h. Default now.")
  String end;

  @Override
  public Integer call() throws InterruptedException {
    inputs.requireSome(spec.commandLine());
    Duration window = TimeRange.positiveDuration(spec, "--range", range);
    Instant endTime = TimeRange.time(spec, "--end", end, Instant.now());
    List<Problem> problems = new ArrayList<>();
    List<Dashboard> dashboards = inputs.readDashboards(problems);
    List<RuleReader.Rule> rules = inputs.readRules(problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    if ((prometheus == null) == (scenario == null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "give --prometheus URL, or --scenario FILE to verify without one");
    }
    if (scenario == null && !labels.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--label goes with --scenario");
    }
    QuerySource source;
    if (scenario != null) {
      // The scenario starts where the range does, as a backfill of the range would store it.
      var compiled = io.metricgen.engine.load.ScenarioLoader.load(scenario, null);
      Instant origin = endTime.minus(window);
      source =
          new ScenarioQueries(
              new ScenarioStorage(
                  compiled, origin.toEpochMilli(), endTime.toEpochMilli() + 1, labels),
              scenario.toString());
    } else {
      source = new PrometheusQueries(prometheus, http.settings(spec.commandLine()));
    }
    DashboardVerifier verifier = new DashboardVerifier(source, endTime, window);
    List<TargetResult> results = new ArrayList<>();
    for (Dashboard d : dashboards) {
      results.addAll(verifier.verify(d));
    }
    results.addAll(verifier.verifyRules(rules));
    PrintWriter out = spec.commandLine().getOut();
    if (!results.isEmpty() && results.stream().allMatch(r -> r.error() != null)) {
      // Not a table of empty panels: this Prometheus answered no query at all.
      throw new MetricgenException(
          "every query failed, so no panel was checked; the first said: " + results.get(0).error());
    }
    print(results, out);
    Map<String, TargetResult> owners = new LinkedHashMap<>();
    Map<String, Boolean> full = new LinkedHashMap<>();
    for (TargetResult r : results) {
      owners.putIfAbsent(r.key(), r);
      full.merge(r.key(), r.hasData(), Boolean::logicalAnd);
    }
    long withData = full.values().stream().filter(b -> b).count();
    out.printf(
        "%n%d of %d panels and rules have data in every query (%.0f%%)%n",
        withData, full.size(), full.isEmpty() ? 100.0 : 100.0 * withData / full.size());
    for (boolean ofRules : new boolean[] {false, true}) {
      long n = owners.values().stream().filter(r -> r.rule() == ofRules).count();
      long ok =
          owners.entrySet().stream()
              .filter(e -> e.getValue().rule() == ofRules && full.get(e.getKey()))
              .count();
      if (n > 0) {
        out.printf("%s with data: %d of %d%n", ofRules ? "rules" : "panels", ok, n);
      }
    }
    full.forEach(
        (key, ok) -> {
          if (!ok) {
            out.println("no data: " + owners.get(key).owner());
          }
        });
    out.flush();
    return withData == full.size() ? 0 : Main.CHECK_FAILED;
  }

  private static void print(List<TargetResult> results, PrintWriter out) {
    int ownerWidth = 10;
    for (TargetResult r : results) {
      ownerWidth = Math.max(ownerWidth, Math.min(60, r.owner().length() + r.refId().length() + 3));
    }
    String format = "%-" + ownerWidth + "s  %-5s  %-" + QUERY_WIDTH + "s  %6s  %s%n";
    out.printf(format, "PANEL", "VARS", "QUERY", "SERIES", "VERDICT");
    for (TargetResult r : results) {
      out.printf(
          format,
          shorten(r.owner() + " (" + r.refId() + ")", ownerWidth),
          r.variant(),
          shorten(r.query().replaceAll("\\s+", " ").strip(), QUERY_WIDTH),
          r.series(),
          r.verdict() + (r.error() == null ? "" : ": " + r.error()));
    }
  }

  private static String shorten(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }
}
