package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metricgen test-rules} on the example incident, with the real promtool. */
class TestRulesTest {

  private static final String SCENARIO = ProjectFiles.example("incident.yaml").toString();
  private static final String RULES = ProjectFiles.example("rules/incident.yaml").toString();

  @Test
  void theExampleIncidentsOwnExpectationPassesPromtool(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("t.yaml");
    CliRun run = CliRun.of("test-rules", "-f", SCENARIO, "--rules", RULES, "-o", out.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("SUCCESS").contains("promtool test rules: passed");
    assertThat(Files.readString(out))
        .contains("values: '0+300x")
        .contains("eval_time: 53m\n        exp_samples: [{labels: '{}', value: 1}]")
        .contains("eval_time: 52m\n        exp_samples: []");
  }

  @Test
  void aWrongExpectationFailsWithPromtoolsMessage(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "test-rules",
            "-f",
            SCENARIO,
            "--rules",
            RULES,
            "--expect",
            "HighErrorRate firing 20m..30m",
            "-o",
            dir.resolve("t.yaml").toString());
    assertThat(run.exit()).isEqualTo(Main.CHECK_FAILED);
    assertThat(run.out())
        .contains("FAILED:")
        .contains("time: 20m")
        .contains("exp: {} 1E+00")
        .contains("got: nil")
        .contains("promtool test rules: FAILED");
  }

  @Test
  void aBadExpectationIsBadInput(@TempDir Path dir) throws Exception {
    CliRun run =
        CliRun.of("test-rules", "-f", SCENARIO, "--rules", RULES, "--expect", "HighErrorRate soon");
    assertThat(run.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err()).contains("--expect: expected \"ALERT firing FROM..TO\"");
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(
        scenario, Files.readString(Path.of(SCENARIO)).replace("firing 53m..63m", "firing at 53m"));
    CliRun invalid = CliRun.of("validate", scenario.toString());
    assertThat(invalid.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(invalid.err())
        .containsPattern("s.yaml:\\d+: expect\\[0\\]: expected \"ALERT firing");
  }
}
