package io.metricgen.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Edits one metric of a scenario file's text in place (replaces, removes or appends an item of its
 * block-style {@code metrics} list) so that the rest of the file, comments included, stays as it
 * was. Where the file is not laid out so (JSON, flow style, an empty list), says so by returning
 * empty, and the caller writes the whole scenario instead.
 */
public final class MetricEdits {

  private static final ObjectMapper BLOCK_YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());

  private MetricEdits() {}

  /** {@code text} with item {@code index} of {@code metrics} replaced by {@code metric}. */
  public static Optional<String> replace(String text, int index, JsonNode metric) {
    return edit(text, index, metric, false);
  }

  /** {@code text} without item {@code index} of {@code metrics}. */
  public static Optional<String> remove(String text, int index) {
    return edit(text, index, null, false);
  }

  /** {@code text} with {@code metric} appended to {@code metrics}. */
  public static Optional<String> append(String text, JsonNode metric) {
    return edit(text, -1, metric, true);
  }

  private static Optional<String> edit(String text, int index, JsonNode metric, boolean append) {
    List<SequenceNode> found = new ArrayList<>();
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setBufferSize(text.length() + 1)
              .setCodePointLimit(YamlDocument.MAX_CHARS + 1)
              .setUseMarks(true)
              .build();
      Composer composer =
          new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      Optional<Node> root = composer.getSingleNode();
      if (root.isPresent() && root.get() instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k
              && k.getValue().equals("metrics")
              && t.getValueNode() instanceof SequenceNode s) {
            found.add(s);
          }
        }
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (found.size() != 1 || found.get(0).getFlowStyle() == FlowStyle.FLOW) {
      return Optional.empty();
    }
    List<Node> items = found.get(0).getValue();
    int at = append ? items.size() - 1 : index;
    // Without its last item, the list would read as null: left to a whole rewrite, as [].
    if (at < 0 || at >= items.size() || (metric == null && items.size() == 1)) {
      return Optional.empty();
    }
    Node item = items.get(at);
    if (!(item instanceof MappingNode) || ((MappingNode) item).getFlowStyle() == FlowStyle.FLOW) {
      return Optional.empty();
    }
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int first = item.getStartMark().map(Mark::getLine).orElse(-1);
    int column = item.getStartMark().map(Mark::getColumn).orElse(-1);
    if (first < 0 || column < 2 || first >= lines.size()) {
      return Optional.empty();
    }
    String dashLine = lines.get(first);
    // The item must open its own line, as "- name: ...": the dash two columns before it.
    if (dashLine.length() < column
        || !dashLine.substring(0, column - 2).isBlank()
        || dashLine.charAt(column - 2) != '-') {
      return Optional.empty();
    }
    // Through the line of its last content: comments and blank lines after it stay, as they belong
    // to what follows.
    int endExclusive = Math.min(lines.size(), lastLine(item) + 1);
    if (endExclusive <= first) {
      return Optional.empty();
    }
    List<String> rendered = metric == null ? List.of() : render(metric, column - 2);
    List<String> out = new ArrayList<>(lines.subList(0, append ? endExclusive : first));
    out.addAll(rendered);
    out.addAll(lines.subList(endExclusive, lines.size()));
    return Optional.of(String.join("\n", out));
  }

  /** The last line (0-based) that holds some of {@code node}'s content. */
  private static int lastLine(Node node) {
    if (node instanceof MappingNode m && m.getFlowStyle() != FlowStyle.FLOW) {
      int last = -1;
      for (NodeTuple t : m.getValue()) {
        last = Math.max(last, Math.max(lastLine(t.getKeyNode()), lastLine(t.getValueNode())));
      }
      return last;
    }
    if (node instanceof SequenceNode s && s.getFlowStyle() != FlowStyle.FLOW) {
      int last = -1;
      for (Node n : s.getValue()) {
        last = Math.max(last, lastLine(n));
      }
      return last;
    }
    // A scalar or a flow collection ends where it ends; a block scalar, at the next line's start.
    Mark end = node.getEndMark().orElse(null);
    if (end == null) {
      return -1;
    }
    return end.getColumn() == 0 ? end.getLine() - 1 : end.getLine();
  }

  /**
   * {@code tree} with whole numbers as integers: scenario trees read every number as a double, and
   * {@code rate: 2} should be written back as {@code 2}, not {@code 2.0}.
   */
  public static JsonNode tidy(JsonNode tree) {
    if (tree.isDouble()
        && tree.asDouble() == Math.rint(tree.asDouble())
        && Math.abs(tree.asDouble()) < 0x1p53) {
      return com.fasterxml.jackson.databind.node.LongNode.valueOf((long) tree.asDouble());
    }
    if (tree.isContainerNode()) {
      JsonNode out = tree.deepCopy();
      if (out instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
          o.set(name, tidy(o.get(name)));
        }
      } else if (out instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          a.set(i, tidy(a.get(i)));
        }
      }
      return out;
    }
    return tree;
  }

  /** {@code metric} as a block list item whose dash is at {@code dash}. */
  private static List<String> render(JsonNode metric, int dash) {
    String yaml;
    try {
      yaml = BLOCK_YAML.writeValueAsString(tidy(metric));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
    List<String> out = new ArrayList<>();
    String pad = " ".repeat(dash);
    String[] lines = yaml.split("\n");
    for (int i = 0; i < lines.length; i++) {
      out.add((i == 0 ? pad + "- " : pad + "  ") + lines[i]);
    }
    return out;
  }
}
