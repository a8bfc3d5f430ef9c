package io.metricgen.cli;

import io.metricgen.engine.chart.ChartData;
import io.metricgen.engine.chart.PngChart;
import io.metricgen.engine.chart.TerminalChart;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen preview}: draws each series as a line chart. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description =
        "Draws each series of a scenario as a line chart in the terminal, and optionally a PNG.")
final class PreviewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Option(
      names = "--range",
      defaultValue = "1h",
      description = "How much of the scenario to draw, from its start (default 1h).")
  String range;

  @Option(
      names = "--png",
      paramLabel = "FILE",
      description = "Also write the charts to this PNG file.")
  Path png;

  @Option(
      names = "--width",
      defaultValue = "60",
      description = "Chart width in characters (default 60).")
  int width;

  @Option(
      names = "--height",
      defaultValue = "6",
      description = "Chart height in lines (default 6).")
  int height;

  @Option(
      names = "--query",
      paramLabel = "EXPR",
      description =
          "Also draw this PromQL expression's result over the range (repeatable), computed as"
              + " Prometheus would: rate() beside the counter it reads.")
  List<String> queries = new java.util.ArrayList<>();

  @Option(
      names = "--queries-only",
      description = "Draw only the --query results, not the scenario's series.")
  boolean queriesOnly;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "Draw at most this many series (default 20).")
  int limit;

  @Override
  public Integer call() throws Exception {
    Duration span = TimeRange.positiveDuration(spec, "--range", range);
    if (width < 10 || height < 2 || limit < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--width must be at least 10, --height at least 2, --limit at least 1");
    }
    if (png != null) {
      Arguments.fileToWrite(spec, "--png", png);
    }
    CompiledScenario compiled = scenario.load();
    long steps = Math.max(1, span.toMillis() / compiled.intervalMillis());
    if (steps > 1_000_000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--range " + range + " is over a million steps; draw a shorter range");
    }
    if (queriesOnly && queries.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--queries-only needs at least one --query");
    }
    List<ChartData> lines = new java.util.ArrayList<>();
    if (queries.isEmpty()) {
      lines.addAll(ChartData.of(compiled, steps, limit));
    }
    for (String q : queries) {
      // The series the query reads first, then what it makes of them.
      List<ChartData> read = queriesOnly ? List.of() : QueryCharts.readBy(compiled, q, steps);
      for (ChartData line : read) {
        if (lines.size() < limit) {
          lines.add(line);
        }
      }
      List<ChartData> made;
      try {
        made = QueryCharts.lines(compiled, q, steps);
      } catch (io.metricgen.engine.promql.eval.QueryException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--query " + q + ": " + e.getMessage());
      }
      for (ChartData line : made) {
        if (lines.size() < limit) {
          lines.add(line);
        }
      }
    }
    String endLabel = Durations.format(span);
    PrintWriter out = spec.commandLine().getOut();
    for (ChartData line : lines) {
      out.println(TerminalChart.render(line, width, height, "0s", endLabel));
    }
    if (queries.isEmpty() && compiled.seriesCount() > lines.size()) {
      out.printf(
          "... and %d more series (raise --limit to draw them)%n",
          compiled.seriesCount() - lines.size());
    }
    if (png != null) {
      PngChart.write(lines, "0s", endLabel, png);
      out.println("wrote " + png);
    }
    out.flush();
    return 0;
  }
}
