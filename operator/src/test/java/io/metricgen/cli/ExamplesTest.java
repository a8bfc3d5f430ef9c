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
  void theCiExamplesApplyAPreviewOfEachMergeRequestsOwn(@TempDir Path dir) throws Exception {
    for (String ci : List.of("ci/gitlab-ci.yml", "ci/github-actions.yml")) {
      String text = Files.readString(EXAMPLES.resolve(ci));
      JsonNode pipeline = new YAMLMapper().readTree(text);
      assertThat(pipeline.isObject()).as(ci).isTrue();
      assertThat(text)
          .as(ci)
          .contains("sed \"s/mr-0/$PREVIEW/g\" examples/metricgenerator-mr-preview.yaml")
          .contains("delete metricgenerator");
    }
    // What the pipelines' substitution makes of the template, for merge request 123.
    String template = Files.readString(EXAMPLES.resolve("metricgenerator-mr-preview.yaml"));
    Path preview = dir.resolve("preview.yaml");
    Files.writeString(preview, template.replace("mr-0", "mr-123"));
    assertThat(CliRun.of("validate", preview.toString()).exit()).isZero();
    MetricGenerator mg =
        ScenarioLoader.parse("preview.yaml", Files.readString(preview), MetricGenerator.class);
    assertThat(mg.getMetadata().getName()).isEqualTo("checkout-mr-123");
    assertThat(mg.getSpec().preview.id).isEqualTo("mr-123");
    assertThat(mg.getSpec().history.duration).isEqualTo("7d");
    assertThat(mg.getSpec().ttl).isNotNull();
  }
}
