package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.scaffold.Incidents;
import io.metricgen.engine.scaffold.Scaffold;
import io.metricgen.engine.scaffold.ScaffoldWriter;
import io.metricgen.engine.scaffold.Scaffolder;
import io.metricgen.engine.series.CompiledScenario;
import java.io.IOException;
import java.io.PrintWriter;
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
      "Writes a scenario with every metric that Grafana dashboards and Prometheus rules read.",
      "Types come from how the metrics are queried, labels from every matcher, grouping, join"
          + " and template variable, values from plausible shapes.",
      "A query, panel or rule that can't be scaffolded (it doesn't parse, a selector can never"
          + " match, a variable has no value) is a warning with its file, line and panel, and the"
          + " rest is scaffolded. With --strict, any of them is an error and nothing is written"
          + " (exit 2)."
    })
final class ScaffoldCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DashboardInputs inputs;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write the scenario. Default: standard output.")
  Path output;

  @Option(
      names = "--strict",
      description =
          "Refuse to write anything when any query, panel or rule can't be scaffolded (exit 2).")
  boolean strict;

  /** What scaffold does for alerting rules. */
  enum Alerts {
    incidents,
    none
  }

  @Option(
      names = "--alerts",
      paramLabel = "MODE",
      defaultValue = "incidents",
      description =
          "incidents (default): each alerting rule of --rules gets an incident in which it fires,"
              + " then resolves, checked by evaluating the rule, and promised in the scenario's"
              + " expect: list for test-rules; rules that can't fire are listed with why."
              + " none: data for every rule, no incidents.")
  Alerts alerts;

  @Override
  public Integer call() throws IOException {
    inputs.requireSome(spec.commandLine());
    if (output != null) {
      Arguments.fileToWrite(spec, "--output", output);
    }
    List<Problem> problems = new ArrayList<>();
    List<Dashboard> dashboards = inputs.readDashboards(problems);
    List<RuleReader.Rule> rules = inputs.readRules(problems);
    if (strict && !problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    Scaffold scaffold =
        Scaffolder.scaffold(dashboards, rules, inputs::setOf, alerts == Alerts.incidents);
    if (strict && !scaffold.skipped().isEmpty()) {
      throw new InvalidInputException(scaffold.skipped());
    }
    if (scaffold.scenario().metrics.isEmpty()) {
      problems.add(
          new Problem(
              null,
              0,
              "",
              "nothing to scaffold: no Prometheus query in "
                  + (dashboards.size() + rules.size() == 0
                      ? "the inputs"
                      : dashboards.size() + " dashboards and " + rules.size() + " rules")
                  + " reads a metric by name"));
      problems.addAll(scaffold.skipped());
      throw new InvalidInputException(problems);
    }
    PrintWriter err = spec.commandLine().getErr();
    for (Problem p : problems) {
      err.println("warning: skipped " + p);
    }
    for (Problem p : scaffold.skipped()) {
      err.println("warning: skipped " + p);
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
    err.printf(
        "scaffolded %d metrics (%d series) from %d queries in %d dashboards and %d rules%s%n",
        compiled.families().size(),
        compiled.seriesCount(),
        scaffold.queries(),
        dashboards.size(),
        rules.size(),
        output == null ? "" : "; wrote " + output);
    err.printf(
        "panels: %d of %d scaffolded; rules: %d of %d scaffolded; %d files not read;"
            + " %d warnings%s%n",
        scaffold.panels().scaffolded(),
        scaffold.panels().read(),
        scaffold.rules().scaffolded(),
        scaffold.rules().read(),
        problems.size(),
        problems.size() + scaffold.skipped().size(),
        problems.size() + scaffold.skipped().size() == 0
            ? ""
            : " (listed above; --strict refuses them)");
    Incidents incidents = scaffold.incidents();
    if (incidents.alerts() > 0) {
      for (Problem p : incidents.unpromised()) {
        err.println("no incident: " + p);
      }
      err.printf(
          "alerts: %d of %d fire in an incident and resolve (%d windows over %s, in expect:)%s%n",
          incidents.promised(),
          incidents.alerts(),
          incidents.expect().size(),
          io.metricgen.engine.time.Durations.format(
              java.time.Duration.ofMillis(incidents.lengthMillis())),
          incidents.unpromised().isEmpty()
              ? ""
              : "; " + incidents.unpromised().size() + " without one, listed above");
    }
    err.flush();
    return 0;
  }
}
