package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.dashboard.RuleReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryException;
import io.metricgen.engine.promql.eval.ScenarioStorage;
import io.metricgen.engine.promql.eval.Unsupported;
import io.metricgen.engine.ruletest.Expectation;
import io.metricgen.engine.ruletest.RuleChecks;
import io.metricgen.engine.ruletest.RuleTestWriter;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.time.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
          + " unless --no-run. PrometheusRule resources are unwrapped for promtool. Recording"
          + " rules are checked against metricgen's evaluator at a few times.",
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
      description =
          "Prometheus rule file or PrometheusRule resource (YAML), or a folder of them (read with"
              + " its subfolders). Repeatable.")
  List<Path> rules;

  @Option(names = "--no-run", description = "Only write the test file; do not run promtool.")
  boolean noRun;

  @Option(
      names = "--expect",
      paramLabel = "EXPECTATION",
      description =
          "Like \"HighErrorRate firing 55m..60m\" or \"HighErrorRate inactive\"; with the"
              + " alert's labels (\"HighErrorRate firing 55m..60m {code=\\\"500\\\","
              + " severity=\\\"page\\\"}\"), exactly those alerts must fire, with their annotations"
              + " as Prometheus renders them; an alert name with spaces or quotes in double quotes:"
              + " '\"Cert-manager absent\" inactive'. Repeatable.")
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
    List<RuleReader.Rule> allRules = new ArrayList<>();
    List<Path> ruleFiles = DashboardInputs.expand(rules, ".yaml", problems, new HashMap<>());
    for (Path r : ruleFiles) {
      if (!Files.isRegularFile(r)) {
        problems.add(new Problem(r.toString(), 0, "", "no such rule file"));
        continue;
      }
      try {
        List<RuleReader.Rule> read = RuleReader.read(r.toString(), ScenarioLoader.readFile(r));
        allRules.addAll(read);
        read.stream()
            .filter(rule -> rule.alert() != null)
            .forEach(rule -> alerts.add(rule.alert()));
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    // Prometheus refuses a rule file whose templates do not parse; so does this test.
    problems.addAll(RuleChecks.templateProblems(allRules));
    Set<String> partly = new TreeSet<>();
    for (Map.Entry<String, List<Expectation>> e : RuleChecks.labelled(expectations).entrySet()) {
      if (e.getValue().stream().anyMatch(x -> x.firing() && x.labels() == null)) {
        partly.add(e.getKey());
      }
    }
    for (String name : partly) {
      problems.add(
          new Problem(
              scenario.expect != null ? scenarioFile.toString() : null,
              0,
              "expect",
              "alert "
                  + name
                  + ": give labels on every firing window, or on none (with labels, exactly the"
                  + " alerts named fire at each time)"));
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
                    + (alerts.isEmpty()
                        ? "no alerts"
                        : String.join(", ", alerts.stream().limit(20).toList())
                            + (alerts.size() > 20
                                ? " and " + (alerts.size() - 20) + " more"
                                : ""))));
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
    Set<String> provided = new HashSet<>();
    for (MetricFamily f : compiled.families()) {
      SampleNames.of(f).forEach(n -> provided.add(n.name()));
    }
    ScenarioStorage storage = new ScenarioStorage(compiled, 0, window.toMillis(), Map.of());
    QueryEngine engine = QueryEngine.builder(storage).subqueryStepMillis(eval.toMillis()).build();
    Set<String> failing = failing(allRules, storage, engine, expectations, window, eval);
    List<String> dropped = new ArrayList<>();
    RuleChecks.Checks checks =
        plan(allRules, provided, failing, expectations, engine, window, eval);
    checks.notes().forEach(n -> System.err.println("note: " + n));
    writeTest(
        out, ruleFiles, provided, failing, dropped, compiled, expectations, checks, window, eval);
    if (!dropped.isEmpty()) {
      System.err.println(
          "recording rules left out of the test, since the scenario gives their series itself: "
              + String.join(", ", new TreeSet<>(dropped)));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "wrote %s: %d series over %s, %d expectations%s, %d recording rules checked (%d checks)%n",
        out,
        compiled.seriesCount(),
        Durations.format(window),
        expectations.size(),
        checks.annotated() + checks.labelsOnly() == 0
            ? ""
            : " ("
                + checks.annotated()
                + " alerts checked with labels and annotations, "
                + checks.labelsOnly()
                + " with labels only)",
        checks.recordingRulesChecked(),
        checks.recordingChecks());
    stdout.flush();
    if (noRun) {
      stdout.printf("run it with: promtool test rules %s%n", out);
      stdout.flush();
      return 0;
    }
    Path promtool = onPath("promtool");
    if (promtool == null) {
      // Not a pass: nothing was checked. --no-run asks for the file alone.
      stdout.printf(
          "promtool is not on the PATH, so nothing was checked; run: promtool test rules %s"
              + " (or pass --no-run to only write the file)%n",
          out);
      stdout.flush();
      return Main.NOT_CHECKED;
    }
    Run run = promtool(promtool, out);
    if (run.exit() != 0) {
      // Rules that promtool can't evaluate on these series (where metricgen's evaluator did not
      // see it coming) fail the whole test; those that nothing expects are left out, once.
      Set<String> more = evaluationErrors(run.output(), expectations);
      int before = failing.size();
      for (RuleReader.Rule r : allRules) {
        if (more.contains(r.name())) {
          failing.add(PlainRules.key(r.source(), r.field()));
        }
      }
      if (failing.size() > before) {
        for (String name : more) {
          System.err.printf(
              "warning: %s fails in promtool on the scenario's series, so it is left out of the"
                  + " test%n",
              name);
        }
        checks = plan(allRules, provided, failing, expectations, engine, window, eval);
        writeTest(
            out,
            ruleFiles,
            provided,
            failing,
            new ArrayList<>(),
            compiled,
            expectations,
            checks,
            window,
            eval);
        run = promtool(promtool, out);
      }
    }
    stdout.print(run.output());
    stdout.printf("%npromtool test rules: %s%n", run.exit() == 0 ? "passed" : "FAILED");
    stdout.flush();
    int verdict = run.exit() == 0 ? 0 : Main.CHECK_FAILED;
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

  private static void writeTest(
      Path out,
      List<Path> ruleFiles,
      Set<String> provided,
      Set<String> failing,
      List<String> dropped,
      CompiledScenario compiled,
      List<Expectation> expectations,
      RuleChecks.Checks checks,
      Duration window,
      Duration eval)
      throws IOException {
    List<String> forPromtool = new ArrayList<>();
    for (int i = 0; i < ruleFiles.size(); i++) {
      forPromtool.add(
          PlainRules.forPromtool(ruleFiles.get(i), out, i, provided, failing, dropped).toString());
    }
    OutputFiles.write(
        out,
        w -> RuleTestWriter.write(w, compiled, forPromtool, expectations, checks, window, eval));
  }

  // promtool's report of a rule whose evaluation failed: "    rule: NAME, time: 0s, err: ...".
  private static final java.util.regex.Pattern EVALUATION_ERROR =
      java.util.regex.Pattern.compile("(?m)^\\s+rule: (.+?), time: \\S+, err: .*$");

  /** Names of rules whose evaluation promtool reports failed, and that no expectation names. */
  static Set<String> evaluationErrors(String output, List<Expectation> expectations) {
    Set<String> expected = new HashSet<>();
    expectations.forEach(x -> expected.add(x.alert()));
    Set<String> out = new TreeSet<>();
    var m = EVALUATION_ERROR.matcher(output);
    while (m.find()) {
      if (!expected.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /**
   * Half the samples one evaluation may load in promtool (its engine's MaxSamples is 10,000):
   * promtool counts some samples this evaluator does not (what rules before it recorded), and a
   * rule left out here is only one that nothing expects.
   */
  private static final long PROMTOOL_MAX_SAMPLES = 10_000 / 2;

  /**
   * Rules whose expression fails on the scenario's series, as promtool would fail the whole test on
   * them ({@code many-to-one matching must be explicit} where scaffolded labels don't fit a join,
   * more samples than promtool's engine loads), and which no expectation names: said on stderr and
   * left out of the test, by {@link PlainRules#key}, so that the rules that work are still tested.
   */
  private static Set<String> failing(
      List<RuleReader.Rule> rules,
      ScenarioStorage storage,
      QueryEngine engine,
      List<Expectation> expectations,
      Duration range,
      Duration eval) {
    Set<String> expected = new HashSet<>();
    expectations.forEach(x -> expected.add(x.alert()));
    QueryEngine promtool =
        QueryEngine.builder(storage)
            .subqueryStepMillis(eval.toMillis())
            .maxSamples(PROMTOOL_MAX_SAMPLES)
            .build();
    long last = (range.toMillis() - 1) / eval.toMillis() * eval.toMillis();
    Set<String> out = new HashSet<>();
    for (RuleReader.Rule r : rules) {
      if (r.alert() != null && expected.contains(r.alert())) {
        continue;
      }
      try {
        engine.range(r.expr(), 0, last, eval.toMillis());
        promtool.instant(r.expr(), last);
      } catch (Unsupported e) {
        // Not computed here; promtool decides.
      } catch (QueryException e) {
        out.add(PlainRules.key(r.source(), r.field()));
        System.err.printf(
            "warning: %s:%d: %s %s fails on the scenario's series, so it is left out of the"
                + " test: %s%n",
            r.source(),
            r.line(),
            r.alert() != null ? "alert" : "recording rule",
            r.name(),
            e.getMessage());
      }
    }
    return out;
  }

  /** The checks beyond the ALERTS series, for the rules promtool runs. */
  private static RuleChecks.Checks plan(
      List<RuleReader.Rule> rules,
      Set<String> provided,
      Set<String> failing,
      List<Expectation> expectations,
      QueryEngine engine,
      Duration window,
      Duration eval) {
    return RuleChecks.plan(
        rules,
        recordingKept(rules, provided, failing),
        expectations,
        engine,
        provided,
        window.toMillis(),
        eval.toMillis());
  }

  /** The recording rules promtool runs: not given by the scenario, not failing on it. */
  private static List<RuleReader.Rule> recordingKept(
      List<RuleReader.Rule> rules, Set<String> provided, Set<String> failing) {
    return rules.stream()
        .filter(r -> r.record() != null)
        .filter(r -> !provided.contains(r.record()))
        .filter(r -> !failing.contains(PlainRules.key(r.source(), r.field())))
        .toList();
  }

  private static Duration defaultRange(List<Expectation> expectations) {
    long end = expectations.stream().mapToLong(Expectation::toMillis).max().orElse(0);
    return Duration.ofMillis(
        Math.max(Duration.ofHours(1).toMillis(), end + Duration.ofMinutes(10).toMillis()));
  }

  /** What promtool said (up to 1 MiB of it), and its exit code. */
  private record Run(int exit, String output) {}

  /** Runs promtool test rules on the file. */
  private static Run promtool(Path promtool, Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(promtool.toString(), "test", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    byte[] output;
    try (InputStream in = p.getInputStream()) {
      // Kept up to 1 MiB; the rest is read and dropped, so that promtool never blocks on it.
      output = in.readNBytes(1 << 20);
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("promtool test rules did not finish in 5 minutes");
    }
    return new Run(p.exitValue(), new String(output, StandardCharsets.UTF_8));
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
