package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.scaffold.Scaffold;
import io.metricgen.engine.scaffold.ScaffoldWriter;
import io.metricgen.engine.scaffold.Scaffolder;
import io.metricgen.engine.series.CompiledScenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen scaffold}: a scenario that gives every panel and rule data. */
@Command(
    name = "scaffold",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a scenario with every metric that the queries of some Grafana dashboards and"
          + " Prometheus rules read: types from how they are queried, labels that every matcher,"
          + " grouping, join and template variable finds, and plausible shapes.",
      "A query that does not parse is reported with its file, line and panel, and nothing is"
          + " written (exit 2)."
    })
final class ScaffoldCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DashboardInputs inputs;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write the scenario. Default: standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    inputs.requireSome(spec.commandLine());
    if (output != null) {
      Arguments.fileToWrite(spec, "--output", output);
    }
    List<Problem> problems = new ArrayList<>();
    List<Dashboard> dashboards = inputs.readDashboards(problems);
    List<RuleReader.Rule> rules = inputs.readRules(problems);
    Scaffold scaffold = Scaffolder.scaffold(dashboards, rules);
    problems.addAll(scaffold.problems());
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    List<String> names =
        Stream.concat(inputs.dashboards.stream(), inputs.rules.stream())
            .map(Path::toString)
            .toList();
    String yaml = ScaffoldWriter.write(scaffold, names);
    // What we write must load; a failure here is metricgen's bug, not the input's.
    CompiledScenario compiled = ScenarioLoader.compile("the scaffolded scenario", yaml, null);
    if (output == null) {
      spec.commandLine().getOut().print(yaml);
      spec.commandLine().getOut().flush();
    } else {
      OutputFiles.write(output, yaml);
    }
    spec.commandLine()
        .getErr()
        .printf(
            "scaffolded %d metrics (%d series) from %d queries in %d dashboards and %d rules%s%n",
            compiled.families().size(),
            compiled.seriesCount(),
            scaffold.queries(),
            dashboards.size(),
            rules.size(),
            output == null ? "" : "; wrote " + output);
    spec.commandLine().getErr().flush();
    return 0;
  }
}
