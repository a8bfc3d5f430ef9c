package io.metricgen.cli;

import io.metricgen.engine.DeepStack;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.Dashboard;
import io.metricgen.engine.dashboard.DashboardReader;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.load.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** {@code --dashboard} and {@code --rules}: files or folders of them, read with every problem. */
final class DashboardInputs {

  @Option(
      names = "--dashboard",
      paramLabel = "FILE",
      description = "Grafana dashboard JSON, or a folder of *.json files. Repeatable.")
  List<Path> dashboards = new ArrayList<>();

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description =
          "Prometheus rule file or PrometheusRule resource (YAML), or a folder of them."
              + " Repeatable.")
  List<Path> rules = new ArrayList<>();

  // Which argument each file read came from: the input set it belongs to.
  private final java.util.Map<String, String> sets = new java.util.HashMap<>();

  /**
   * The input set of a file read: the --dashboard or --rules argument (a file, or a folder of them)
   * it came from.
   */
  String setOf(String file) {
    return sets.getOrDefault(file, file);
  }

  /** Refuses a command line that names neither dashboards nor rules. */
  void requireSome(picocli.CommandLine cli) {
    if (dashboards.isEmpty() && rules.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          cli, "give at least one --dashboard or --rules");
    }
  }

  /** Every dashboard; problems in all of them are reported together. */
  List<Dashboard> readDashboards(List<Problem> problems) {
    List<Dashboard> out = new ArrayList<>();
    for (Path file : expand(dashboards, ".json", problems)) {
      try {
        String text = ScenarioLoader.readFile(file);
        out.add(DeepStack.run(() -> DashboardReader.read(file.toString(), text)));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      } catch (DeepStack.TooDeepException e) {
        problems.add(new Problem(file.toString(), 0, "", "can't be read: " + e.getMessage()));
      }
    }
    return out;
  }

  /** Every rule of every rule file. */
  List<RuleReader.Rule> readRules(List<Problem> problems) {
    List<RuleReader.Rule> out = new ArrayList<>();
    for (Path file : expand(rules, ".yaml", problems)) {
      try {
        String text = ScenarioLoader.readFile(file);
        out.addAll(DeepStack.run(() -> RuleReader.read(file.toString(), text)));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      } catch (DeepStack.TooDeepException e) {
        problems.add(new Problem(file.toString(), 0, "", "can't be read: " + e.getMessage()));
      }
    }
    return out;
  }

  /** The files, with folders replaced by their files of that extension (and .yml), sorted. */
  private List<Path> expand(List<Path> paths, String extension, List<Problem> problems) {
    return expand(paths, extension, problems, sets);
  }

  /** Folders are read this deep, at most: a folder of folders per team or exporter. */
  private static final int MAX_DEPTH = 8;

  /** Files taken from the folders given, at most. */
  private static final int MAX_FILES = 20_000;

  /**
   * The files, with folders replaced by the files of that extension (and .yml for .yaml) in them
   * and in their subfolders, sorted; {@code sets} maps each file to the argument it came from.
   */
  static List<Path> expand(
      List<Path> paths,
      String extension,
      List<Problem> problems,
      java.util.Map<String, String> sets) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.isDirectory(p)) {
        out.add(p);
        sets.put(p.toString(), p.toString());
        continue;
      }
      try (Stream<Path> files = Files.walk(p, MAX_DEPTH)) {
        List<Path> found =
            files
                .filter(Files::isRegularFile)
                .filter(
                    f ->
                        f.toString().endsWith(extension)
                            || (extension.equals(".yaml") && f.toString().endsWith(".yml")))
                .limit(MAX_FILES + 1L)
                .sorted()
                .toList();
        if (found.size() > MAX_FILES) {
          problems.add(
              new Problem(
                  p.toString(),
                  0,
                  "",
                  "holds more than " + MAX_FILES + " *" + extension + " files; name fewer"));
          continue;
        }
        if (found.isEmpty()) {
          problems.add(
              new Problem(
                  p.toString(), 0, "", "no *" + extension + " files in this folder or below it"));
        }
        out.addAll(found);
        found.forEach(f -> sets.put(f.toString(), p.toString()));
      } catch (IOException | java.io.UncheckedIOException e) {
        problems.add(new Problem(p.toString(), 0, "", "can't list the folder: " + e.getMessage()));
      }
    }
    return out;
  }
}
