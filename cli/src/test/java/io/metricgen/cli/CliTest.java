package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.ProjectFiles;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as users meet it: output, messages and exit codes. */
class CliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsEveryCommandWithASentenceAndEachCommandHasItsOwnHelp() {
    assertThat(run("--help")).isZero();
    String help = out.toString();
    for (var e : Main.commandLine().getSubcommands().entrySet()) {
      String name = e.getKey();
      if (e.getValue().getCommandSpec().usageMessage().hidden()) {
        continue;
      }
      assertThat(help).contains("  " + name + " ");
      if (name.equals("help")) {
        continue;
      }
      // Each paragraph is whole: the list shows the first, and none stops mid-sentence.
      for (String paragraph : e.getValue().getCommandSpec().usageMessage().description()) {
        assertThat(paragraph.strip()).as(name).endsWith(".");
      }
      out.getBuffer().setLength(0);
      assertThat(run(name, "--help")).as(name).isZero();
      assertThat(out.toString()).as(name).startsWith("Usage: metricgen " + name);
      // No URL is split across lines (the wrapping breaks after a colon).
      for (String line : out.toString().split("\n")) {
        assertThat(line)
            .as(name + ": a URL cut at the line's end")
            .doesNotContainPattern("https?:/{0,2}$")
            .doesNotContainPattern("https?://\\S*:$");
        assertThat(line.strip())
            .as(name)
            .doesNotStartWith("//")
            .doesNotContainPattern("^\\d+/api/");
      }
    }
    // The summary of serve reads whole in the list (it stopped at "advance with the wall").
    assertThat(help)
        .containsPattern("serve +Serves the scenario on /metrics for Prometheus to scrape\\.");
  }

  @Test
  void versionIsTheBuildsVersion() throws Exception {
    assertThat(run("--version")).isZero();
    String pom = Files.readString(ProjectFiles.root().resolve("cli/pom.xml"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "<artifactId>metricgen-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(m.find()).isTrue();
    assertThat(out.toString().strip()).isEqualTo("metricgen " + m.group(1));
  }

  @Test
  void validateAcceptsTheExamplesAndCountsTheirSeries() {
    assertThat(
            run(
                "validate",
                ProjectFiles.example("scenario.yaml").toString(),
                ProjectFiles.example("benchmark-1000-series.yaml").toString()))
        .isZero();
    assertThat(out.toString())
        .contains("scenario.yaml: ok, 5 metrics, 11 series")
        .contains("benchmark-1000-series.yaml: ok, 1 metrics, 1000 series");
  }

  @Test
  void validateReportsEveryBadFileWithExitCode2(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad, "metrics:\n  - name: ok\n    type: gauge\n    value: {sine: {period: 5x}}\n");
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "metrics:\n  - {name: g, type: gauge, value: 1}\n");
    assertThat(
            run(
                "validate",
                bad.toString(),
                good.toString(),
                dir.resolve("missing.yaml").toString()))
        .isEqualTo(2);
    assertThat(out.toString()).contains("good.yaml: ok, 1 metrics, 1 series");
    assertThat(err.toString())
        .contains(
            "error: "
                + bad
                + ":4: metrics[0].value.sine.period: expected a duration like 15s, 10m,"
                + " 1h30m or 2d (units y w d h m s ms), got \"5x\"")
        .contains("error: " + dir.resolve("missing.yaml") + ": no such file");
  }

  @Test
  void badArgumentsExitWith2AndNameTheOption(@TempDir Path dir) {
    String scenario = ProjectFiles.example("scenario.yaml").toString();
    assertThat(run("export", "-f", scenario, "--start", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("--start: expected an RFC 3339 time");
    assertThat(run("export", "-f", scenario, "--start", "-1h", "--end", "-2h")).isEqualTo(2);
    assertThat(err.toString()).contains("must be after --start");
    assertThat(run("export", "-f", scenario, "--start", "-1h", "--format", "json")).isEqualTo(2);
    assertThat(err.toString()).contains("--format: expected openmetrics or text, got json");
    assertThat(run("export", "-f", scenario, "--start", "-1h", "--split", "2h")).isEqualTo(2);
    assertThat(err.toString()).contains("--split needs -o DIR");
    assertThat(run("serve", "-f", scenario, "--listen", "nowhere")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--listen: expected HOST:PORT like 127.0.0.1:9100, got nowhere");
    assertThat(run("export", "--start", "-1h")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--file=SCENARIO'");
  }

  @Test
  void anInvalidScenarioWritesNothing(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "metrics:\n  - {name: g, type: gauge}\n");
    Path target = dir.resolve("out.om");
    assertThat(run("export", "-f", bad.toString(), "--start", "-1h", "-o", target.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains(bad + ":2: metrics[0].value: required");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.yaml");
    }
  }

  @Test
  void exportWritesAFileWithTheRangesSamples(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(
        scenario, "interval: 1m\nmetrics:\n  - {name: g, type: gauge, value: \"1+1x9\"}\n");
    Path target = dir.resolve("out.prom");
    assertThat(
            run(
                "export",
                "-f",
                scenario.toString(),
                "--start",
                "2026-01-01T00:00:00Z",
                "--end",
                "2026-01-01T00:03:00Z",
                "--format",
                "text",
                "-o",
                target.toString()))
        .isZero();
    assertThat(Files.readString(target))
        .isEqualTo(
            "# TYPE g gauge\ng 1.0 1767225600000\ng 2.0 1767225660000\ng 3.0 1767225720000\n");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("s.yaml", "out.prom");
    }
  }

  @Test
  void previewDrawsLineChartsAndAPng(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(
        scenario,
        "interval: 1m\nmetrics:\n  - name: saw\n    type: gauge\n    labels: {k: [a, b, c]}\n"
            + "    value: {sawtooth: {period: 10m, low: 0, high: 100}}\n");
    Path png = dir.resolve("chart.png");
    assertThat(
            run(
                "preview",
                "-f",
                scenario.toString(),
                "--range",
                "30m",
                "--limit",
                "2",
                "--width",
                "30",
                "--height",
                "4",
                "--png",
                png.toString()))
        .isZero();
    String text = out.toString();
    assertThat(text).contains("saw{k=\"a\"} (gauge)").contains("saw{k=\"b\"} (gauge)");
    assertThat(text).contains("... and 1 more series (raise --limit to draw them)");
    // A sawtooth of 10m over 30m: the top row has dots in three places, a braille line chart.
    String firstChart = text.substring(0, text.indexOf("saw{k=\"b\"}"));
    String topRow = firstChart.lines().filter(l -> l.contains("90 ┤")).findFirst().orElseThrow();
    assertThat(topRow.chars().filter(ch -> ch > 0x2800 && ch <= 0x28FF).count()).isBetween(3L, 9L);
    assertThat(firstChart).contains("0 ┤").contains("0s").contains("30m");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(image.getHeight()).isEqualTo(2 * 170);
  }

  @Test
  void exportingToADeviceWritesInPlaceInsteadOfRenamingOverIt() {
    assertThat(OutputFiles.replaceableByRename(Path.of("/dev/null"))).isFalse();
    assertThat(OutputFiles.replaceableByRename(Path.of("/nonexistent/new-file"))).isTrue();
  }

  @Test
  void anOutputThatIsNoRegularFileIsWrittenInPlaceNotRenamedOver(@TempDir Path dir)
      throws Exception {
    // A link stands for a device here (as root, -o /dev/null once replaced /dev/null with a file).
    Path real = dir.resolve("real.yaml");
    Files.writeString(real, "old");
    Path link = Files.createSymbolicLink(dir.resolve("out.yaml"), real);
    OutputFiles.write(link, "new\n");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("new\n");
    Path plain = dir.resolve("plain.yaml");
    OutputFiles.write(plain, "whole\n");
    assertThat(Files.readString(plain)).isEqualTo("whole\n");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("real.yaml", "out.yaml", "plain.yaml");
    }
  }

  @Test
  void renderPrintsEveryObjectOfEveryExampleResource() throws Exception {
    try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("examples"))) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("metricgenerator-")).toList()) {
        out.getBuffer().setLength(0);
        assertThat(run("render", "-f", file.toString())).as(err.toString()).isZero();
        List<String> kinds = new java.util.ArrayList<>();
        for (var doc :
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readerFor(com.fasterxml.jackson.databind.JsonNode.class)
                .readValues(out.toString())
                .readAll()) {
          kinds.add(((com.fasterxml.jackson.databind.JsonNode) doc).path("kind").asText());
        }
        assertThat(kinds)
            .as(file.toString())
            .contains("Deployment", "Service", "ConfigMap", "Secret");
      }
    }
  }

  @Test
  void validateReportsEveryProblemOfAScenarioAndNamesAnotherKind(@TempDir Path dir)
      throws Exception {
    Path typos = dir.resolve("typos.yaml");
    Files.writeString(
        typos,
        "metrics:\n  - name: a\n    type: countr\n    vaule: 3\n"
            + "  - name: b\n    type: gauge\n    valeu: 2\n");
    assertThat(run("validate", typos.toString())).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString().strip().split("\n"))
        .containsExactly(
            "error: "
                + typos
                + ":3: metrics[0].type: \"countr\" is not one of gauge, counter,"
                + " histogram, summary",
            "error: "
                + typos
                + ":4: metrics[0].vaule: unknown field \"vaule\"; expected one of"
                + " buckets, distribution, exemplars, help, labels, name, native, overrides,"
                + " quantiles, rate, resets, series, type, unit, value",
            "error: "
                + typos
                + ":7: metrics[1].valeu: unknown field \"valeu\"; expected one of"
                + " buckets, distribution, exemplars, help, labels, name, native, overrides,"
                + " quantiles, rate, resets, series, type, unit, value");
    err.getBuffer().setLength(0);
    Path configMap = dir.resolve("cm.yaml");
    Files.writeString(configMap, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    assertThat(run("validate", configMap.toString())).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString())
        .contains(configMap + ":2: kind: is a ConfigMap (v1), which metricgen does not read")
        .doesNotContain("apiVersion: unknown field");
  }

  @Test
  void renderPrintsYamlAsKubectlDoesAndSaysItIsAPreview() throws Exception {
    Path file = ProjectFiles.example("metricgenerator-quickstart.yaml");
    assertThat(run("render", "-f", file.toString())).isZero();
    String yaml = out.toString();
    assertThat(yaml.lines().findFirst().orElse(""))
        .startsWith("# A preview of what metricgen's operator makes for MetricGenerator")
        .contains("not for kubectl apply");
    assertThat(yaml).contains("\nkind: Deployment\n").doesNotContain("kind: \"");
    // Nothing changes type on the way: strings that look like numbers stay strings.
    var docs =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readerFor(com.fasterxml.jackson.databind.JsonNode.class)
            .readValues(yaml)
            .readAll();
    var mg =
        io.metricgen.engine.load.ScenarioLoader.parse(
            file.toString(),
            Files.readString(file),
            io.metricgen.operator.model.MetricGenerator.class);
    mg.getMetadata().setNamespace("default");
    var expected =
        io.metricgen.operator.desired.DesiredState.of(
            mg, io.metricgen.operator.desired.OperatorConfig.DEFAULT, ref -> null, null);
    assertThat(docs).hasSize(expected.size());
    for (int i = 0; i < docs.size(); i++) {
      // As JSON text: an integer is an IntNode from YAML and a LongNode from the model.
      assertThat(docs.get(i).toString())
          .isEqualTo(
              io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
                  .valueToTree(expected.get(i))
                  .toString());
    }
  }

  @Test
  void validateRefusesWhatTheApiServerWouldByTheCrdsRule(@TempDir Path dir) throws Exception {
    Path both = dir.resolve("both.yaml");
    Files.writeString(
        both,
        "apiVersion: metricgen.io/v1alpha1\nkind: Backfill\nmetadata:\n  name: b\nspec:\n"
            + "  start: -1h\n  metricGeneratorRef: {name: m}\n"
            + "  scenario:\n    metrics:\n      - {name: g, type: gauge, value: 1}\n");
    assertThat(run("validate", both.toString())).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString())
        .contains(
            both + ":5: spec: give the scenario inline or as metricGeneratorRef, exactly one");
  }
}
