package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.MetricGeneratorValidator;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users copy works: every example resource validates and renders with the CLI, and the CI
 * examples' per-merge-request substitution yields a valid preview of its own.
 */
class ExamplesTest {

  private static final Path EXAMPLES = ProjectFiles.root().resolve("examples");

  @Test
  void everyExampleValidatesAndEveryResourceRenders() throws Exception {
    int resources = 0;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String text = Files.readString(file);
        String kind = MetricGeneratorValidator.kind(text);
        if (kind == null && text.contains("kind:")) {
          continue; // another project's object (an Argo CD ConfigMap)
        }
        CliRun validate = CliRun.of("validate", file.toString());
        assertThat(validate.exit()).as(file + ": " + validate.err()).isZero();
        if (kind != null) {
          CliRun render = CliRun.of("render", "-f", file.toString(), "-n", "previews");
          assertThat(render.exit()).as(file + ": " + render.err()).isZero();
          resources++;
        }
      }
    }
    assertThat(resources).isEqualTo(6);
  }

  @Test
  void theCiExamplesGiveEachMergeRequestAPreviewThatSharesNothing(@TempDir Path dir)
      throws Exception {
    // The dashboard under review, where the pipelines read it.
    Files.createDirectories(dir.resolve("dashboards"));
    Files.copy(
        ProjectFiles.root().resolve("dashboards/metricgen-example.json"),
        dir.resolve("dashboards/checkout.json"));
    for (String ci : List.of("ci/gitlab-ci.yml", "ci/github-actions.yml")) {
      String text = Files.readString(EXAMPLES.resolve(ci));
      assertThat(new YAMLMapper().readTree(text).isObject()).as(ci).isTrue();
      String make =
          text.lines()
              .map(String::strip)
              .filter(l -> l.contains("new preview"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(ci + " makes no preview"));
      String remove =
          text.lines()
              .filter(l -> l.contains("delete metricgenerator"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(ci + " removes no preview"));
      Map<String, java.util.Set<String>> objects = new java.util.HashMap<>();
      for (String mr : List.of("mr-1", "mr-2")) {
        // The pipeline's command, as its shell would run it for this merge request.
        List<String> args = words(make.substring(make.indexOf("new preview")), mr, dir);
        args = args.subList(0, args.indexOf(">"));
        CliRun made = CliRun.of(args.toArray(String[]::new));
        assertThat(made.exit()).as(ci + ": " + made.err()).isZero();
        Path resource = dir.resolve(mr + ".yaml");
        Files.writeString(resource, made.out());
        assertThat(CliRun.of("validate", resource.toString()).exit()).isZero();
        MetricGenerator mg =
            ScenarioLoader.parse(resource.toString(), made.out(), MetricGenerator.class);
        // What the stop job deletes is what was applied.
        assertThat(remove.replace("$PREVIEW", mr)).contains(mg.getMetadata().getName());
        CliRun render =
            CliRun.of(
                "render",
                "-f",
                resource.toString(),
                "-n",
                "previews",
                "--scrape-mode",
                "serviceMonitor");
        assertThat(render.exit()).as(render.err()).isZero();
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (var doc :
            new YAMLMapper().readerFor(JsonNode.class).readValues(render.out()).readAll()) {
          JsonNode o = (JsonNode) doc;
          names.add(o.path("kind").asText() + " " + o.path("metadata").path("name").asText());
          if (o.path("kind").asText().equals("ConfigMap")
              && o.path("metadata").path("name").asText().contains("-dashboard-")) {
            JsonNode dashboard =
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(o.path("data").elements().next().asText());
            assertThat(dashboard.path("uid").asText()).endsWith("-" + mr);
            assertThat(dashboard.path("title").asText()).startsWith("[" + mr + "] ");
          }
        }
        objects.put(mr, names);
      }
      assertThat(objects.get("mr-1"))
          .as(ci)
          .hasSizeGreaterThan(4)
          .doesNotContainAnyElementsOf(objects.get("mr-2"));
    }
    assertThat(Files.readString(EXAMPLES.resolve("ci/gitlab-ci.yml")))
        .as("GitLab runs a shell: an image whose entrypoint is a program needs it cleared")
        .contains("entrypoint: [\"\"]");
  }

  /** A command line as a shell splits it, with $PREVIEW set and paths from {@code dir}. */
  private static List<String> words(String line, String preview, Path dir) {
    List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      String w = (m.group(1) != null ? m.group(1) : m.group(2)).replace("$PREVIEW", preview);
      out.add(w.startsWith("dashboards/") ? dir.resolve(w).toString() : w);
    }
    return out;
  }
}
