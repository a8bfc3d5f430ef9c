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
                : resource(file, text, kind);
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
   * A MetricGenerator or Backfill as the operator checks it and as the API server would (the CRD's
   * schema and CEL rules, {@link io.metricgen.operator.CrdValidation}): every problem of both.
   */
  private static CompiledScenario resource(Path file, String text, String kind) {
    io.metricgen.engine.load.YamlDocument doc = ScenarioLoader.read(file.toString(), text);
    List<Problem> problems =
        new java.util.ArrayList<>(
            io.metricgen.operator.CrdValidation.problems(
                kind, doc.tree(), file.toString(), doc.lines()));
    try {
      // The operator's checks, of the document already read.
      String source = file.toString();
      CompiledScenario s =
          kind.equals("Backfill")
              ? BackfillValidator.validate(
                  ScenarioLoader.bind(doc, io.metricgen.operator.model.Backfill.class, source),
                  source,
                  doc.lines(),
                  Instant.now())
              : MetricGeneratorValidator.validate(
                  ScenarioLoader.bind(
                      doc, io.metricgen.operator.model.MetricGenerator.class, source),
                  source,
                  doc.lines());
      if (problems.isEmpty()) {
        return s;
      }
    } catch (InvalidInputException e) {
      for (Problem p : e.problems()) {
        if (problems.stream().noneMatch(q -> q.field().equals(p.field()))) {
          problems.add(p);
        }
      }
    }
    throw new InvalidInputException(problems);
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
