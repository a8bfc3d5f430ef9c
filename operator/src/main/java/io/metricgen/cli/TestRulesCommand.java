package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.ruletest.Expectation;
import io.metricgen.engine.ruletest.RuleTestWriter;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen test-rules}: does an alert fire when the scenario says it should? */
@Command(
    name = "test-rules",
    mixinStandardHelpOptions = true,
    description = {
      "Tests alerting rules against the scenario's series with promtool.",
      "Writes a promtool test file: every series of the scenario over the range, in promtool's"
          + " notation, and checks that each expected alert fires in its window and at no other"
          + " time. Runs promtool test rules and shows its verdict (exit 4 when a test fails);"
          + " without promtool on the PATH it writes the file, says how to run it and exits 5,"
          + " unless --no-run. PrometheusRule resources are unwrapped for promtool.",
      "Expectations come from --expect and from the scenario's expect: list."
    })
final class TestRulesCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "SCENARIO",
      description = "The scenario.")
  Path scenarioFile;

  @Option(
      names = "--rules",
      required = true,
      paramLabel = "FILE",
      description = "Prometheus rule file or PrometheusRule resource (YAML). Repeatable.")
  List<Path> rules;

  @Option(names = "--no-run", description = "Only write the test file; do not run promtool.")
  boolean noRun;

  @Option(
      names = "--expect",
      paramLabel = "EXPECTATION",
      description =
          "Like \"HighErrorRate firing 55m..60m\" or \"HighErrorRate inactive\"; an alert name"
              + " with spaces or quotes in double quotes: '\"Cert-manager absent\" inactive'."
              + " Repeatable.")
  List<String> expect = new ArrayList<>();

  @Option(
      names = "--range",
      paramLabel = "DURATION",
      description =
          "How much of the scenario the test covers. Default: the last window end plus 10m, at least 1h.")
  String range;

  @Option(
      names = "--evaluation-interval",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description = "How often promtool evaluates the rules. Default ${DEFAULT-VALUE}.")
  String evaluationInterval;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Where to write the test file, and keep it. Default: a temporary directory, removed"
              + " after promtool passes (kept, and named, when it fails or does not run).")
  Path output;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String text = ScenarioLoader.readFile(scenarioFile);
    CompiledScenario compiled = ScenarioLoader.compile(scenarioFile.toString(), text, null);
    Scenario scenario = ScenarioLoader.parse(scenarioFile.toString(), text, Scenario.class);
    String note = compiled.classicOnlyNote("promtool's input_series notation (Prometheus 2.42)");
    if (note != null) {
      System.err.println(note + "; rules that read native histograms see no data there");
    }
    List<Expectation> expectations = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (String e : expect) {
      try {
        expectations.add(Expectation.parse(e));
      } catch (IllegalArgumentException ex) {
        problems.add(new Problem(null, 0, "--expect", ex.getMessage()));
      }
    }
    if (scenario.expect != null) {
      scenario.expect.forEach(e -> expectations.add(Expectation.parse(e)));
    }
    Set<String> alerts = new TreeSet<>();
    for (Path r : rules) {
      if (!Files.isRegularFile(r)) {
        problems.add(new Problem(r.toString(), 0, "", "no such rule file"));
        continue;
      }
      try {
        RuleReader.read(r.toString(), ScenarioLoader.readFile(r)).stream()
            .filter(rule -> rule.alert() != null)
            .forEach(rule -> alerts.add(rule.alert()));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    for (Expectation x : expectations) {
      if (problems.isEmpty() && !alerts.contains(x.alert())) {
        problems.add(
            new Problem(
                null,
                0,
                "--expect",
                "no alert \""
                    + x.alert()
                    + "\" in the rule files; they have: "
                    + (alerts.isEmpty() ? "no alerts" : String.join(", ", alerts))));
      }
    }
    if (expectations.isEmpty()) {
      problems.add(
          new Problem(
              null,
              0,
              "--expect",
              "give at least one expectation, or an expect: list in the scenario"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    Duration eval = TimeRange.positiveDuration(spec, "--evaluation-interval", evaluationInterval);
    Duration window =
        range != null
            ? TimeRange.positiveDuration(spec, "--range", range)
            : defaultRange(expectations);
    Path out =
        output != null
            ? output
            : Files.createTempDirectory("metricgen-test-rules").resolve("rules-test.yaml");
    Arguments.fileToWrite(spec, "--output", out);
    List<String> ruleFiles = new ArrayList<>();
    for (Path r : rules) {
      ruleFiles.add(PlainRules.forPromtool(r, out).toString());
    }
    OutputFiles.write(
        out, w -> RuleTestWriter.write(w, compiled, ruleFiles, expectations, window, eval));
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "wrote %s: %d series over %s, %d expectations%n",
        out, compiled.seriesCount(), Durations.format(window), expectations.size());
    stdout.flush();
    if (noRun) {
      stdout.printf("run it with: promtool test rules %s%n", out);
      stdout.flush();
      return 0;
    }
    int verdict = promtool(out, stdout);
    if (output == null && verdict == 0) {
      // Nothing to look at: the temporary test file and unwrapped rules go.
      try (var files = Files.list(out.getParent())) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(out.getParent());
    }
    return verdict;
  }

  private static Duration defaultRange(List<Expectation> expectations) {
    long end = expectations.stream().mapToLong(Expectation::toMillis).max().orElse(0);
    return Duration.ofMillis(
        Math.max(Duration.ofHours(1).toMillis(), end + Duration.ofMinutes(10).toMillis()));
  }

  /** Runs promtool on the file when it is on the PATH; its output is shown as it is. */
  private int promtool(Path file, PrintWriter stdout) throws IOException, InterruptedException {
    Path promtool = onPath("promtool");
    if (promtool == null) {
      // Not a pass: nothing was checked. --no-run asks for the file alone.
      stdout.printf(
          "promtool is not on the PATH, so nothing was checked; run: promtool test rules %s"
              + " (or pass --no-run to only write the file)%n",
          file);
      stdout.flush();
      return Main.NOT_CHECKED;
    }
    Process p =
        new ProcessBuilder(promtool.toString(), "test", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    byte[] output;
    try (InputStream in = p.getInputStream()) {
      // Shown up to 1 MiB; the rest is read and dropped, so that promtool never blocks on it.
      output = in.readNBytes(1 << 20);
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("promtool test rules did not finish in 5 minutes");
    }
    stdout.print(new String(output, StandardCharsets.UTF_8));
    stdout.printf("%npromtool test rules: %s%n", p.exitValue() == 0 ? "passed" : "FAILED");
    stdout.flush();
    return p.exitValue() == 0 ? 0 : Main.CHECK_FAILED;
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
