package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.testing.ProjectFiles;
import io.metricgen.testing.PushgatewayServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line given what a careless or hostile user gives it: each is bad input (exit 2) with
 * a sentence that names the option or line, and nothing is written.
 */
class HostileInputTest {

  @TempDir Path dir;

  private final String scenario = ProjectFiles.example("scenario.yaml").toString();

  @Test
  void jsonImportRefusesWhatFollowsTheArray() throws Exception {
    for (String tail : new String[] {" [{\"metric\": \"b\", \"value\": 2}]", " garbage"}) {
      Path json = dir.resolve("s.json");
      Files.writeString(json, "[{\"metric\": \"a\", \"value\": 1}]" + tail);
      CliRun run =
          CliRun.of("import", "--file", json.toString(), "--pushgateway", "http://127.0.0.1:1");
      assertThat(run.exit()).as(tail).isEqualTo(2);
      assertThat(run.err()).contains(json + ":1: ").doesNotContain("imported");
    }
  }

  @Test
  void aByteOrderMarkStartsACsvOrJsonFileWithoutBecomingPartOfIt() throws Exception {
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"))) {
      Path csv = dir.resolve("bom.csv");
      Files.write(csv, "\uFEFFbom_metric,k=v,1,\n".getBytes(StandardCharsets.UTF_8));
      Path json = dir.resolve("bom.json");
      Files.write(
          json,
          "\uFEFF[{\"metric\": \"bom_json\", \"value\": 2}]".getBytes(StandardCharsets.UTF_8));
      for (Path f : new Path[] {csv, json}) {
        CliRun run = CliRun.of("import", "--file", f.toString(), "--pushgateway", gateway.url());
        assertThat(run.exit()).as(run.err()).isZero();
      }
      String metrics = gateway.get("/metrics").body();
      assertThat(metrics).contains("bom_metric{").contains("bom_json{");
    }
  }

  @Test
  void aJobLabelBoundForThePushgatewayKeepsItsValueAndTheSummaryCountsWhatIsStored()
      throws Exception {
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"))) {
      Path csv = dir.resolve("jobs.csv");
      long now = System.currentTimeMillis();
      Files.writeString(
          csv,
          String.format(
              "up_like,job=foo;instance=a,1,%d%nup_like,job=foo;instance=a,2,%d%n"
                  + "plain,,3,%d%nplain,,4,%d%nplain,,5,%d%n",
              now - 3000, now - 2000, now - 3000, now - 2000, now - 1000));
      CliRun run = CliRun.of("import", "--file", csv.toString(), "--pushgateway", gateway.url());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err())
          .contains(
              "imported 5 samples: 2 series to the Pushgateway (/metrics/job/foo,"
                  + " /metrics/job/metricgen-import) as the newest of their samples; 3 older"
                  + " current samples were not sent");
      String metrics = gateway.get("/metrics").body();
      assertThat(metrics)
          .contains("up_like{instance=\"a\",job=\"foo\"} 2")
          .contains("plain{instance=\"\",job=\"metricgen-import\"} 5");
      JsonNode groups = gateway.groups();
      assertThat(groups.toString()).contains("\"foo\"").contains("\"metricgen-import\"");
    }
  }

  @Test
  void urlsThatCantBeUsedAreBadInputAndAPasswordInOneIsNeverShown() {
    CliRun scheme = CliRun.of("push", "-f", scenario, "--pushgateway", "htp:/x", "--once");
    assertThat(scheme.exit()).isEqualTo(2);
    assertThat(scheme.err())
        .contains("--pushgateway: \"htp:/x\" is not an http:// or https:// URL");
    CliRun secret =
        CliRun.backfill(scenario, "http://user:hunter2@127.0.0.1:1/api/v1/write", "--start", "-1h");
    assertThat(secret.exit()).isEqualTo(2);
    assertThat(secret.err()).contains("REDACTED").doesNotContain("hunter2");
    CliRun query =
        CliRun.of("push", "-f", scenario, "--pushgateway", "http://127.0.0.1:1/?a=b", "--once");
    assertThat(query.exit()).isEqualTo(2);
    assertThat(query.err()).contains("a Pushgateway base URL takes none");
  }

  @Test
  void outputsInDirectoriesThatDontExistAreBadInputNotStackTraces() {
    CliRun png = CliRun.of("preview", "-f", scenario, "--png", "/nonexistent/x.png");
    assertThat(png.exit()).isEqualTo(2);
    assertThat(png.err()).contains("--png: cannot write /nonexistent/x.png, since the directory");
    CliRun export =
        CliRun.of("export", "-f", scenario, "--start", "-1h", "-o", "/nonexistent/x.om");
    assertThat(export.exit()).isEqualTo(2);
    assertThat(export.err()).contains("-o: cannot write /nonexistent/x.om");
    Path missing = dir.resolve("missing").resolve("c.checkpoint");
    CliRun checkpoint =
        CliRun.backfill(
            scenario,
            "http://127.0.0.1:1/api/v1/write",
            "--start",
            "-1h",
            "--checkpoint",
            missing.toString());
    assertThat(checkpoint.exit()).isEqualTo(2);
    assertThat(checkpoint.err()).contains("--checkpoint: cannot write");
    assertThat(Files.exists(missing.getParent())).as("no directory made").isFalse();
  }

  @Test
  void aBackfillIntoTheFutureIsRefusedAsImportRefusesFutureSamples() {
    CliRun run =
        CliRun.backfill(
            scenario, "http://127.0.0.1:1/api/v1/write", "--start", "now", "--end", "now+1h");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--end (").contains("is in the future");
  }

  @Test
  void aCapOfZeroOnTheCommandLineIsRefusedAsInTheFile() {
    CliRun export = CliRun.of("export", "-f", scenario, "--start", "-1h", "--max-series", "-1");
    assertThat(export.exit()).isEqualTo(2);
    assertThat(export.err()).contains("--max-series must be at least 1");
  }
}
