package io.metricgen.cli;

import io.metricgen.engine.chart.ChartData;
import io.metricgen.engine.chart.PngChart;
import io.metricgen.engine.chart.TerminalChart;
import io.metricgen.engine.promql.eval.Explain;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryException;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.promql.eval.ResultJson;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metricgen query}: PromQL over a scenario, computed here as Prometheus 2.42 would. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Runs PromQL over a scenario without a Prometheus: the series as `metricgen backfill` would"
          + " store them from --origin, queried with Prometheus 2.42's semantics.",
      "--output json prints what Prometheus's /api/v1/query or /api/v1/query_range answers;"
          + " jsonl one such document per line of --queries.",
      "Functions newer than Prometheus 2.42, and the few things the evaluator does not compute,"
          + " are refused with errorType \"unsupported\" rather than answered wrongly."
    })
final class QueryCommand implements Callable<Integer> {

  /** How far into the scenario an instant query looks when no --origin is given. */
  static final Duration DEFAULT_SPAN = Duration.ofHours(1);

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Parameters(
      arity = "0..1",
      paramLabel = "EXPR",
      description = "The PromQL expression (or give --queries).")
  String expr;

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      description = "A file of expressions, one a line (blank lines and # comments skipped).")
  Path queries;

  @Option(
      names = "--origin",
      paramLabel = "TIME",
      description =
          "The scenario's time 0 (RFC 3339, Unix seconds, now or -1h). Default: --start, or"
              + " --time minus 1h.")
  String origin;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description =
          "The scenario's samples end before this time, as `backfill --end TIME` writes them"
              + " (default now, as backfill's --end).")
  String until;

  @Option(
      names = "--time",
      paramLabel = "TIME",
      description =
          "Instant query at this time: RFC 3339, Unix seconds, now or -1h (default now, when no"
              + " --start is given).")
  String time;

  @Option(names = "--start", paramLabel = "TIME", description = "Range query from this time.")
  String start;

  @Option(names = "--end", paramLabel = "TIME", description = "Range query to this time.")
  String end;

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      description =
          "Range query resolution: a duration, or seconds as Prometheus's API takes it (default:"
              + " the scenario's interval).")
  String step;

  @Option(
      names = "--output",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table, json, jsonl or chart (default ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--label",
      paramLabel = "NAME=VALUE",
      description = "A label every series has (as backfill's --label), repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--evaluation-interval",
      defaultValue = "1m",
      paramLabel = "DURATION",
      description =
          "The step of subqueries that name none, as Prometheus's evaluation_interval"
              + " (default ${DEFAULT-VALUE}).")
  String evaluationInterval;

  @Option(
      names = "--explain",
      description =
          "For learners: show, for the first series and the last step, the samples each range"
              + " function read and the arithmetic it did.")
  boolean explain;

  @Option(names = "--png", paramLabel = "FILE", description = "With --output chart: also a PNG.")
  Path png;

  @Override
  public Integer call() throws Exception {
    if ((expr == null) == (queries == null)) {
      throw bad("give one expression, or --queries FILE");
    }
    if (!List.of("table", "json", "jsonl", "chart").contains(output)) {
      throw bad("--output must be table, json, jsonl or chart, not " + output);
    }
    if (time != null && (start != null || end != null)) {
      throw bad("--time excludes --start and --end");
    }
    if ((start == null) != (end == null)) {
      throw bad("a range query needs both --start and --end");
    }
    if (step != null && start == null) {
      throw bad("--step is for a range query: give --start and --end too");
    }
    List<String> expressions = expressions();
    CompiledScenario compiled = scenario.load();
    Instant now = Instant.now();
    boolean range = start != null;
    Instant from = range ? time("--start", start, now) : null;
    Instant to = range ? time("--end", end, now) : null;
    Instant at = range ? null : time("--time", time == null ? "now" : time, now);
    long stepMillis =
        step == null
            ? compiled.intervalMillis()
            : UNIX.matcher(step).matches()
                ? seconds("--step", step)
                : TimeRange.positiveDuration(spec, "--step", step).toMillis();
    if (stepMillis <= 0) {
      throw bad("--step must be positive, got " + step);
    }
    Instant zero =
        origin != null ? time("--origin", origin, now) : range ? from : at.minus(DEFAULT_SPAN);
    long evalStep =
        TimeRange.positiveDuration(spec, "--evaluation-interval", evaluationInterval).toMillis();
    long stop = time("--until", until == null ? "now" : until, now).toEpochMilli();
    ScenarioStorage storage = new ScenarioStorage(compiled, zero.toEpochMilli(), stop, labels);
    QueryEngine engine = QueryEngine.builder(storage).subqueryStepMillis(evalStep).build();
    PrintWriter out = spec.commandLine().getOut();
    int failures = 0;
    for (String e : expressions) {
      QueryResult result;
      try {
        result =
            range
                ? engine.range(e, from.toEpochMilli(), to.toEpochMilli(), stepMillis)
                : engine.instant(e, at.toEpochMilli());
      } catch (QueryException x) {
        failures++;
        if (output.startsWith("json")) {
          out.println(ResultJson.error(x));
        }
        if (!output.equals("jsonl")) {
          PrintWriter err = spec.commandLine().getErr();
          err.println("error: " + x.errorType() + ": " + x.getMessage());
          err.flush();
        }
        continue;
      }
      switch (output) {
        case "json", "jsonl" -> {
          ResultJson.write(result, out);
          out.println();
        }
        case "chart" -> chart(out, result, range ? from : at, stepMillis);
        default -> out.print(ResultTable.render(result, zero.toEpochMilli()));
      }
      if (explain) {
        out.print(Explain.explain(engine, e, range ? to.toEpochMilli() : at.toEpochMilli()));
      }
    }
    out.flush();
    // A file of queries reports each one's error in its line; the run itself succeeded.
    return failures > 0 && queries == null ? Main.BAD_INPUT : 0;
  }

  /** Unix seconds, as Prometheus's API takes times and steps: 1700000000, 1700000000.5, 15. */
  private static final java.util.regex.Pattern UNIX =
      java.util.regex.Pattern.compile("\\d{1,12}(\\.\\d{1,3})?");

  private Instant time(String option, String text, Instant now) {
    if (UNIX.matcher(text).matches()) {
      return Instant.ofEpochMilli(seconds(option, text));
    }
    return TimeRange.time(spec, option, text, now);
  }

  private long seconds(String option, String text) {
    return new java.math.BigDecimal(text).movePointRight(3).longValueExact();
  }

  private List<String> expressions() {
    if (expr != null) {
      return List.of(expr);
    }
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(queries, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw bad("--queries " + queries + ": " + e.getMessage());
    }
    return out;
  }

  private void chart(PrintWriter out, QueryResult r, Instant first, long stepMillis)
      throws IOException {
    List<ChartData> lines = new ArrayList<>();
    if (r.resultType().equals("scalar")) {
      lines.add(new ChartData("scalar", new double[] {r.scalar()}));
    }
    long t0 = first.toEpochMilli();
    int steps = 1;
    for (RangeSeries s : r.series()) {
      steps = Math.max(steps, (int) ((s.time(s.size() - 1) - t0) / stepMillis) + 1);
    }
    for (RangeSeries s : r.series()) {
      double[] v = new double[steps];
      java.util.Arrays.fill(v, Double.NaN);
      for (int i = 0; i < s.size(); i++) {
        int k = (int) ((s.time(i) - t0) / stepMillis);
        if (k >= 0 && k < steps && s.histogram(i) == null) {
          v[k] = s.value(i);
        }
      }
      lines.add(new ChartData(s.labels().toString(), v));
    }
    String endLabel = Durations.format(Duration.ofMillis((steps - 1) * stepMillis));
    for (ChartData line : lines) {
      out.println(TerminalChart.render(line, 60, 6, "0s", endLabel));
    }
    if (png != null) {
      PngChart.write(lines, "0s", endLabel, png);
      out.println("wrote " + png);
    }
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
