package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.ProjectFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * test-rules with the rule files and alert names real repositories have: PrometheusRule resources,
 * names Prometheus accepts that are not identifiers, names the rules don't have, and no promtool.
 */
class TestRulesInputsTest {

  private static final String SCENARIO = ProjectFiles.example("incident.yaml").toString();
  private static final String RULES = ProjectFiles.example("rules/incident.yaml").toString();

  /** The incident's rule renamed and wrapped in a PrometheusRule resource. */
  private static Path prometheusRule(Path dir, String alert) throws Exception {
    String plain = Files.readString(Path.of(RULES)).replace("HighErrorRate", alert);
    StringBuilder wrapped =
        new StringBuilder(
            "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n"
                + "metadata: {name: incident}\nspec:\n");
    plain.lines().forEach(l -> wrapped.append("  ").append(l).append('\n'));
    Path file = dir.resolve("incident-rule.yaml");
    Files.writeString(file, wrapped.toString());
    return file;
  }

  @Test
  void aPrometheusRuleWithAnAlertNameThatIsNoIdentifierPassesPromtool(@TempDir Path dir)
      throws Exception {
    Path rules = prometheusRule(dir, "Cert-manager absent (5xx)");
    // The scenario's own expect: list names the alert in quotes too.
    Path scenario = dir.resolve("incident.yaml");
    Files.writeString(
        scenario,
        Files.readString(Path.of(SCENARIO))
            .replace(
                "- HighErrorRate firing 53m..63m",
                "- '\"Cert-manager absent (5xx)\" firing 53m..63m'"));
    Path out = dir.resolve("t.yaml");
    CliRun run =
        CliRun.of(
            "test-rules",
            "-f",
            scenario.toString(),
            "--rules",
            rules.toString(),
            "-o",
            out.toString());
    // promtool finds the alert firing in its window under that name.
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("promtool test rules: passed");
    assertThat(Files.readString(out))
        .contains("alertname=\"Cert-manager absent (5xx)\"")
        .contains("exp_samples: [{labels: '{}', value: 1}]");
    assertThat(Files.readString(out)).contains("00-incident-rule.rules-for-test.yaml");
    assertThat(Files.readString(dir.resolve("00-incident-rule.rules-for-test.yaml")))
        .startsWith("groups:")
        .doesNotContain("PrometheusRule");
  }

  @Test
  void alertNamesNeedQuotesOnlyForSpacesAndQuotes() {
    assertThat(
            io.metricgen.engine.ruletest.Expectation.parse("Cert-managerAbsent inactive").alert())
        .isEqualTo("Cert-managerAbsent");
    var quoted =
        io.metricgen.engine.ruletest.Expectation.parse("\"a \\\"b\\\" (c)\" firing 1m..2m");
    assertThat(quoted.alert()).isEqualTo("a \"b\" (c)");
    assertThat(io.metricgen.engine.ruletest.Expectation.parse(quoted.toString())).isEqualTo(quoted);
  }

  @Test
  void anExpectationForAnAlertTheRulesDontHaveNamesThoseTheyHave(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "test-rules",
            "-f",
            SCENARIO,
            "--rules",
            RULES,
            "--expect",
            "HighErrorRates firing 53m..63m",
            "-o",
            dir.resolve("t.yaml").toString());
    assertThat(run.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err())
        .contains(
            "--expect: no alert \"HighErrorRates\" in the rule files; they have: HighErrorRate");
    assertThat(dir.resolve("t.yaml")).doesNotExist();
  }

  @Test
  void withoutPromtoolNothingPassesUnlessOnlyTheFileIsAskedFor(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("t.yaml");
    Result missing = runWithoutPromtool(dir, "-o", out.toString());
    assertThat(missing.exit()).isEqualTo(Main.NOT_CHECKED);
    assertThat(missing.output())
        .contains("promtool is not on the PATH, so nothing was checked")
        .contains("promtool test rules " + out);
    assertThat(out).exists();
    Result fileOnly = runWithoutPromtool(dir, "-o", out.toString(), "--no-run");
    assertThat(fileOnly.exit()).as(fileOnly.output()).isZero();
    assertThat(fileOnly.output()).contains("run it with: promtool test rules " + out);
  }

  private record Result(int exit, String output) {}

  /** The real CLI in its own process, with a PATH that has no promtool. */
  private static Result runWithoutPromtool(Path dir, String... more) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of("test-rules", "-f", SCENARIO, "--rules", RULES));
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Path empty = Files.createDirectories(dir.resolve("empty-bin"));
    pb.environment().put("PATH", empty.toString() + File.pathSeparator + "/nonexistent");
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
