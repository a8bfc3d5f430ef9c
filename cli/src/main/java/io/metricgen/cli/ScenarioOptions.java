package io.metricgen.cli;

import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that runs a scenario takes. */
final class ScenarioOptions {

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "SCENARIO",
      description = "Scenario file, YAML or JSON.")
  Path file;

  @Option(
      names = "--max-series",
      paramLabel = "N",
      description =
          "Refuse scenarios with more series than this (default: the scenario's maxSeries, else 10000).")
  Integer maxSeries;

  CompiledScenario load() {
    return ScenarioLoader.load(file, maxSeries);
  }

  /** Compiles text already read from the file (for callers that need the text too). */
  CompiledScenario compile(String text) {
    return ScenarioLoader.compile(file.toString(), text, maxSeries);
  }
}
