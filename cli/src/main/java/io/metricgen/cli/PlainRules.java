package io.metricgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.engine.load.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Rule files as promtool reads them: a prometheus-operator PrometheusRule resource is unwrapped
 * into a plain rule file ({@code groups:} from its {@code spec}) beside the test file; a plain file
 * is used where it is. Recording rules whose series the scenario gives itself (scaffold gives
 * recorded series as its own metrics) are left out of the copy, so that promtool does not record a
 * second series of the same name beside the scenario's.
 */
final class PlainRules {

  private static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

  private PlainRules() {}

  /** A rule's identity: its file, and the field of its expression there. */
  static String key(String source, String field) {
    return source + "#" + field;
  }

  /**
   * The path promtool should read for this rule file.
   *
   * @param index the file's place among those given, which keeps copies of files with the same name
   *     apart
   * @param provided names of series the scenario gives
   * @param failing rules to leave out, by {@link #key}
   * @param dropped where to add the recording rules left out, by name
   */
  static Path forPromtool(
      Path rules,
      Path testFile,
      int index,
      Set<String> provided,
      Set<String> failing,
      List<String> dropped)
      throws IOException {
    Path absolute = rules.toAbsolutePath().normalize();
    JsonNode root = ScenarioLoader.read(rules.toString(), ScenarioLoader.readFile(rules)).tree();
    boolean wrapped = root.path("kind").asText("").equals("PrometheusRule");
    JsonNode groups = wrapped ? root.path("spec").path("groups") : root.path("groups");
    boolean drops = false;
    ArrayNode kept = YAML.createArrayNode();
    String prefix = wrapped ? "spec." : "";
    for (int g = 0; g < groups.size(); g++) {
      JsonNode group = groups.get(g);
      ArrayNode rulesKept = YAML.createArrayNode();
      for (int r = 0; r < group.path("rules").size(); r++) {
        JsonNode rule = group.path("rules").get(r);
        String field = prefix + "groups[" + g + "].rules[" + r + "].expr";
        if (failing.contains(key(rules.toString(), field))) {
          drops = true;
        } else if (rule.hasNonNull("record") && provided.contains(rule.get("record").asText())) {
          dropped.add(rule.get("record").asText());
          drops = true;
        } else {
          rulesKept.add(rule);
        }
      }
      ObjectNode copy = ((ObjectNode) group).deepCopy();
      copy.set("rules", rulesKept);
      kept.add(copy);
    }
    if (!wrapped && !drops) {
      return absolute;
    }
    ObjectNode plain = YAML.createObjectNode();
    plain.set("groups", kept);
    String name = rules.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    Path out =
        testFile
            .toAbsolutePath()
            .resolveSibling(String.format("%02d-%s.rules-for-test.yaml", index, name));
    OutputFiles.write(out, YAML.writeValueAsString(plain));
    return out;
  }
}
