package io.metricgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.engine.load.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Rule files as promtool reads them: a prometheus-operator PrometheusRule resource is unwrapped
 * into a plain rule file ({@code groups:} from its {@code spec}) beside the test file; a plain file
 * is used where it is.
 */
final class PlainRules {

  private static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

  private PlainRules() {}

  /** The path promtool should read for this rule file. */
  static Path forPromtool(Path rules, Path testFile) throws IOException {
    Path absolute = rules.toAbsolutePath().normalize();
    JsonNode root = ScenarioLoader.read(rules.toString(), ScenarioLoader.readFile(rules)).tree();
    if (!root.path("kind").asText("").equals("PrometheusRule")) {
      return absolute;
    }
    ObjectNode plain = YAML.createObjectNode();
    plain.set("groups", root.path("spec").path("groups"));
    String name = rules.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    Path out = testFile.toAbsolutePath().resolveSibling(name + ".unwrapped-rules.yaml");
    OutputFiles.write(out, YAML.writeValueAsString(plain));
    return out;
  }
}
