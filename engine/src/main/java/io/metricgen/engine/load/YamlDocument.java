package io.metricgen.engine.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * One YAML (1.2, core schema) or JSON document, read in time linear in its size, as the tokens that
 * Jackson binds and the line of every field. Aliases are resolved; a key given twice, a number that
 * is not finite and a document over {@link #MAX_CHARS} are problems named by line and field. Plain
 * numbers keep their text, so a label value {@code 1.10} stays "1.10".
 */
public final class YamlDocument {

  /** The largest document read; scenarios and resources are far smaller. */
  public static final int MAX_CHARS = 3 * 1024 * 1024;

  /** Nodes at most, aliases counted as often as they are used: a guard against alias bombs. */
  static final int MAX_NODES = 2_000_000;

  private static final ObjectMapper TREES = new ObjectMapper();

  private final TokenBuffer tokens;
  private final SourceMap lines;

  private YamlDocument(TokenBuffer tokens, SourceMap lines) {
    this.tokens = tokens;
    this.lines = lines;
  }

  /** The line of every field and list item. */
  public SourceMap lines() {
    return lines;
  }

  /** The document as a tree, for readers that walk it rather than bind it. */
  public JsonNode tree() {
    try {
      return TREES.readTree(parser(TREES));
    } catch (IOException e) {
      throw new IllegalStateException("a document read whole always makes a tree", e);
    }
  }

  /** A parser over the document's tokens, from the start. */
  public JsonParser parser(ObjectCodec codec) {
    JsonParser p = tokens.asParser();
    p.setCodec(codec);
    return p;
  }

  /**
   * Reads {@code text}; null when it holds no document (empty, or comments only).
   *
   * @throws InvalidInputException for text that is too large, not YAML, or has duplicate keys or
   *     non-finite numbers
   */
  public static YamlDocument read(String source, String text) {
    if (text.length() > MAX_CHARS) {
      throw new InvalidInputException(
          new Problem(
              source,
              0,
              "",
              "the document has "
                  + text.length()
                  + " characters; at most "
                  + MAX_CHARS
                  + " (3 MiB) are read"));
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setSchema(new CoreSchema())
            // The whole document in one buffer: SnakeYAML copies its window for every chunk of a
            // long token, which is quadratic in the token's length with small buffers.
            .setBufferSize(text.length() + 1)
            .setCodePointLimit(MAX_CHARS + 1)
            .setUseMarks(true)
            .build();
    Node root;
    try {
      Composer composer =
          new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      Optional<Node> single = composer.getSingleNode();
      if (single.isEmpty()) {
        return null;
      }
      root = single.get();
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      throw new InvalidInputException(
          new Problem(source, line, "", "malformed YAML: " + e.getProblem()));
    } catch (YamlEngineException e) {
      throw new InvalidInputException(
          new Problem(
              source, 0, "", "malformed YAML: " + ScenarioLoader.firstLine(e.getMessage())));
    }
    Converter c = new Converter(source);
    c.convert(root, FieldPath.ROOT);
    if (!c.problems.isEmpty()) {
      throw new InvalidInputException(c.problems);
    }
    return new YamlDocument(c.out, SourceMap.of(c.lines));
  }

  /** Walks the node tree into tokens, recording lines and problems. */
  private static final class Converter {
    private final String source;
    private final TokenBuffer out = new TokenBuffer(null, false);
    private final Map<String, Integer> lines = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Set<Node> open = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int nodes;

    Converter(String source) {
      this.source = source;
    }

    void convert(Node node, FieldPath at) {
      if (++nodes > MAX_NODES) {
        if (nodes == MAX_NODES + 1) {
          problems.add(
              new Problem(
                  source,
                  line(node),
                  at.toString(),
                  "the document expands to more than " + MAX_NODES + " values through aliases"));
        }
        return;
      }
      lines.putIfAbsent(at.pointer(), line(node));
      if (!open.add(node)) {
        problems.add(new Problem(source, line(node), at.toString(), "an alias refers to itself"));
        return;
      }
      try {
        if (node instanceof ScalarNode s) {
          scalar(s, at);
        } else if (node instanceof SequenceNode seq) {
          out.writeStartArray();
          List<Node> items = seq.getValue();
          for (int i = 0; i < items.size(); i++) {
            convert(items.get(i), at.index(i));
          }
          out.writeEndArray();
        } else if (node instanceof MappingNode map) {
          mapping(map, at);
        }
      } catch (IOException e) {
        throw new IllegalStateException("a token buffer does not fail", e);
      } finally {
        open.remove(node);
      }
    }

    private void mapping(MappingNode map, FieldPath at) throws IOException {
      out.writeStartObject();
      Map<String, Integer> seen = new HashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode key)) {
          problems.add(
              new Problem(source, line(t.getKeyNode()), at.toString(), "a key must be a word"));
          continue;
        }
        String name = key.getValue();
        FieldPath field = at.field(name);
        Integer first = seen.putIfAbsent(name, line(key));
        if (first != null) {
          problems.add(
              new Problem(
                  source,
                  line(key),
                  field.toString(),
                  "is given twice, on line " + first + " and line " + line(key) + "; keep one"));
          continue;
        }
        lines.putIfAbsent(field.pointer(), line(key)); // a field is where its key is
        out.writeFieldName(name);
        convert(t.getValueNode(), field);
      }
      out.writeEndObject();
    }

    private void scalar(ScalarNode s, FieldPath at) throws IOException {
      String v = s.getValue();
      if (!s.isPlain()) {
        out.writeString(v);
      } else if (s.getTag().equals(Tag.NULL)) {
        out.writeNull();
      } else if (s.getTag().equals(Tag.BOOL)) {
        out.writeBoolean(v.equalsIgnoreCase("true"));
      } else if (s.getTag().equals(Tag.INT) && v.matches("[-+]?[0-9]+")) {
        out.writeNumber(v); // kept as text: Jackson reads numbers and strings from it
      } else if (s.getTag().equals(Tag.FLOAT)) {
        if (v.toLowerCase(java.util.Locale.ROOT).matches("[-+]?\\.(inf|nan)")) {
          problems.add(
              new Problem(
                  source,
                  line(s),
                  at.toString(),
                  v + " is not a finite number; give a number, or quote it for a string"));
          out.writeNull();
          return;
        }
        double d = Double.parseDouble(v);
        if (Double.isInfinite(d)) {
          problems.add(
              new Problem(
                  source,
                  line(s),
                  at.toString(),
                  v + " is beyond the largest number a float64 holds (about 1.8e308)"));
          out.writeNull();
          return;
        }
        out.writeNumber(v);
      } else {
        out.writeString(v);
      }
    }

    private static int line(Node node) {
      return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }
  }
}
