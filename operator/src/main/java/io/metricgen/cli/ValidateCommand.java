package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.operator.BackfillValidator;
import io.metricgen.operator.MetricGeneratorValidator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metricgen validate}: checks files and reports every problem in each. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Checks scenario files, MetricGenerators and Backfills; prints every problem with file,"
            + " line and field.")
final class ValidateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    boolean ok = true;
    for (Path file : files) {
      try {
        String text = ScenarioLoader.readFile(file);
        String kind = MetricGeneratorValidator.kind(text);
        if (kind == null) {
          notAnotherKind(file, text);
        }
        CompiledScenario s =
            kind == null
                ? ScenarioLoader.compile(file.toString(), text, null)
                : kind.equals("Backfill")
                    ? BackfillValidator.validate(file.toString(), text, Instant.now())
                    : MetricGeneratorValidator.validate(file.toString(), text);
        spec.commandLine()
            .getOut()
            .printf(
                "%s: ok, %s%n",
                file,
                (kind == null ? "" : kind + ", ")
                    + (s == null
                        ? ("Backfill".equals(kind)
                            ? "its scenario is its MetricGenerator's"
                            : "its scenario is made from dashboards in ConfigMaps when it runs")
                        : s.families().size() + " metrics, " + s.seriesCount() + " series"));
      } catch (InvalidInputException e) {
        ok = false;
        for (Problem p : e.problems()) {
          spec.commandLine().getErr().println("error: " + p);
        }
      }
    }
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().flush();
    return ok ? 0 : Main.BAD_INPUT;
  }

  /**
   * Refuses a Kubernetes object of another kind (a ConfigMap, a Deployment) by its kind, rather
   * than by its first field the scenario model does not know.
   */
  private static void notAnotherKind(Path file, String text) {
    io.metricgen.engine.load.YamlDocument doc;
    try {
      doc = io.metricgen.engine.load.YamlDocument.read(file.toString(), text);
    } catch (InvalidInputException unreadable) {
      return; // the scenario reader says what is wrong with it
    }
    if (doc == null || !doc.tree().isObject()) {
      return;
    }
    String kind = doc.tree().path("kind").asText(null);
    String apiVersion = doc.tree().path("apiVersion").asText(null);
    if (kind != null && apiVersion != null) {
      throw new InvalidInputException(
          new Problem(
              file.toString(),
              doc.lines().lineOf(io.metricgen.engine.load.FieldPath.of("kind")),
              "kind",
              "is a "
                  + kind
                  + " ("
                  + apiVersion
                  + "), which metricgen does not read: give a scenario file, a MetricGenerator"
                  + " or a Backfill (metricgen.io/v1alpha1)"));
    }
  }
}
