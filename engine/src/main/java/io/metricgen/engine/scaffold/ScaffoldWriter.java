package io.metricgen.engine.scaffold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.Scenario;
import java.util.List;

/** Writes a scaffolded scenario as YAML, with a comment on each metric naming what uses it. */
public final class ScaffoldWriter {

  private static final int ORIGINS_SHOWN = 6;

  // A file people edit: quotes only where YAML needs them (label values that look like numbers
  // stay strings).
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build();

  private ScaffoldWriter() {}

  /** The scenario file's text. */
  public static String write(Scaffold scaffold, List<String> inputs) {
    StringBuilder out = new StringBuilder();
    out.append("# Scaffolded by metricgen from ").append(String.join(", ", inputs)).append(".\n");
    out.append("# Every metric that their queries read, with labels their matchers, groupings,\n");
    out.append(
        "# joins and template variables find. Edit the shapes to tell the story you want.\n");
    for (String note : scaffold.notes()) {
      out.append("# Note: ").append(note).append('\n');
    }
    Scenario s = scaffold.scenario();
    Scenario head = new Scenario();
    head.interval = s.interval;
    head.seed = s.seed;
    head.maxSeries = s.maxSeries;
    head.metrics = null;
    out.append(yaml(head));
    Incidents incidents = scaffold.incidents();
    if (!incidents.expect().isEmpty()) {
      out.append(
          "# Each alert's incident, checked by evaluating the rule over this scenario: it\n");
      out.append("# fires in these windows (from the start) and at no other time. Prove it with\n");
      out.append("#   metricgen test-rules -f THIS_FILE --rules RULES\n");
      out.append(yaml(java.util.Map.of("expect", incidents.expect())));
    }
    out.append("metrics:\n");
    for (MetricSpec m : s.metrics) {
      out.append('\n');
      List<String> origins = scaffold.usedBy().getOrDefault(m.name, List.of());
      out.append("  # Used by ");
      for (int i = 0; i < Math.min(ORIGINS_SHOWN, origins.size()); i++) {
        out.append(i == 0 ? "" : "\n  #   ").append(origins.get(i));
      }
      if (origins.size() > ORIGINS_SHOWN) {
        out.append("\n  #   and ").append(origins.size() - ORIGINS_SHOWN).append(" more");
      }
      out.append('\n');
      for (String line : yaml(List.of(m)).split("\n")) {
        out.append("  ").append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the scenario model always serializes", e);
    }
  }
}
