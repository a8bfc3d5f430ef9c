package io.metricgen.engine.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.series.CompiledScenario;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads scenario files (YAML or JSON) and turns every mistake into a located {@link Problem}.
 *
 * <p>Three YAML libraries, each where it is the right reader: snakeyaml-engine parses documents
 * ({@link YamlDocument}: YAML 1.2, as Kubernetes and a scenario's author mean it, with positions
 * for errors and linear time); Jackson binds that tree to the model and writes YAML back; and the
 * operator edits Prometheus scrape configs with SnakeYAML's YAML 1.1, the dialect Prometheus reads
 * them in ({@code ScrapeConfigText}).
 */
public final class ScenarioLoader {

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private ScenarioLoader() {}

  /** The mapper scenario files are read with; YAML, which also reads JSON. */
  public static ObjectMapper mapper() {
    return YAML;
  }

  /**
   * Reads and compiles a scenario file.
   *
   * @throws InvalidInputException for an unreadable, malformed or invalid file
   */
  /** {@code value} (a scenario, or its tree) as a scenario file's YAML. */
  public static String write(Object value) {
    try {
      return mapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the scenario model always serializes", e);
    }
  }

  public static CompiledScenario load(Path file, Integer maxSeriesOverride) {
    return compile(file.toString(), readFile(file), maxSeriesOverride);
  }

  /** Compiles scenario text already read from {@code source}. */
  public static CompiledScenario compile(String source, String text, Integer maxSeriesOverride) {
    YamlDocument doc = read(source, text);
    Scenario scenario = bind(doc, Scenario.class, source);
    return ScenarioCompiler.compile(scenario, source, doc.lines(), maxSeriesOverride);
  }

  /**
   * Reads a whole file as UTF-8 text (without a byte-order mark), as a located problem when it
   * can't: missing, unreadable, or not UTF-8 (with the offset of the first byte that isn't).
   */
  public static String readFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(new Problem(file.toString(), 0, "", "no such file"));
    } catch (IOException e) {
      throw new InvalidInputException(
          new Problem(file.toString(), 0, "", "cannot read: " + e.getMessage()));
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new InvalidInputException(
          new Problem(
              file.toString(),
              0,
              "",
              "is not UTF-8 text: byte "
                  + in.position()
                  + " (0x"
                  + String.format("%02x", bytes[in.position()] & 0xff)
                  + ") starts no UTF-8 character; give a text file"));
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Reads a YAML or JSON document.
   *
   * @throws InvalidInputException when it is empty, too large or malformed
   */
  public static YamlDocument read(String source, String text) {
    YamlDocument doc = text.isBlank() ? null : YamlDocument.read(source, text);
    if (doc == null) {
      throw new InvalidInputException(new Problem(source, 0, "", "the file is empty"));
    }
    return doc;
  }

  /**
   * Reads {@code text} and binds it to {@code type}; syntax and type errors become problems with
   * line and field.
   */
  public static <T> T parse(String source, String text, Class<T> type) {
    return bind(read(source, text), type, source);
  }

  /**
   * Binds a document read by {@link #read} to {@code type}, reporting every unknown field and every
   * value that is not one of its field's choices at once, not only the first.
   */
  public static <T> T bind(YamlDocument doc, Class<T> type, String source) {
    Collector problems = new Collector(source, doc.lines(), FieldPath.ROOT);
    T value;
    try (JsonParser p = doc.parser(YAML)) {
      value = YAML.readerFor(type).withHandler(problems).readValue(p);
    } catch (JsonMappingException e) {
      problems.add(problemAt(e, source, doc.lines(), FieldPath.ROOT));
      throw new InvalidInputException(problems.all);
    } catch (IOException e) {
      throw new InvalidInputException(new Problem(source, 0, "", firstLine(e.getMessage())));
    }
    problems.throwIfAny();
    if (value == null) {
      throw new InvalidInputException(new Problem(source, 0, "", "the file is empty"));
    }
    return value;
  }

  /**
   * Binds a tree that sits at {@code root} in a larger document, such as a custom resource's {@code
   * spec.scenario}; type errors become problems named by their path from the document's root, all
   * of them (as {@link #bind(YamlDocument, Class, String)}).
   */
  public static <T> T bind(
      JsonNode node, Class<T> type, String source, SourceMap lines, FieldPath root) {
    Collector problems = new Collector(source, lines, root);
    T value;
    try (JsonParser p = YAML.treeAsTokens(node)) {
      value = YAML.readerFor(type).withHandler(problems).readValue(p);
    } catch (JsonMappingException e) {
      problems.add(problemAt(e, source, lines, root));
      throw new InvalidInputException(problems.all);
    } catch (IOException e) {
      throw new InvalidInputException(
          new Problem(source, lines.lineOf(root), root.toString(), firstLine(e.getMessage())));
    }
    problems.throwIfAny();
    return value;
  }

  /**
   * Notes unknown fields and values that are none of an enum's, with where they are, and lets the
   * binding go on, so that one run reports them all.
   */
  private static final class Collector
      extends com.fasterxml.jackson.databind.deser.DeserializationProblemHandler {
    private final String source;
    private final SourceMap lines;
    private final FieldPath root;
    final List<Problem> all = new java.util.ArrayList<>();

    Collector(String source, SourceMap lines, FieldPath root) {
      this.source = source;
      this.lines = lines;
      this.root = root;
    }

    void add(Problem p) {
      if (!all.contains(p)) {
        all.add(p);
      }
    }

    void throwIfAny() {
      if (!all.isEmpty()) {
        throw new InvalidInputException(all);
      }
    }

    private FieldPath path(com.fasterxml.jackson.core.JsonStreamContext context) {
      List<com.fasterxml.jackson.core.JsonStreamContext> chain = new java.util.ArrayList<>();
      for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
        chain.add(0, c);
      }
      FieldPath at = root;
      for (var c : chain) {
        if (c.inArray()) {
          at = at.index(Math.max(0, c.getCurrentIndex()));
        } else if (c.getCurrentName() != null) {
          at = at.field(c.getCurrentName());
        }
      }
      return at;
    }

    @Override
    public boolean handleUnknownProperty(
        com.fasterxml.jackson.databind.DeserializationContext ctxt,
        JsonParser p,
        com.fasterxml.jackson.databind.JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      FieldPath at = path(p.getParsingContext());
      add(
          new Problem(
              source,
              lines.lineOf(at),
              at.toString(),
              "unknown field \""
                  + propertyName
                  + "\"; expected one of "
                  + names(deserializer.getKnownPropertyNames())));
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        com.fasterxml.jackson.databind.DeserializationContext ctxt,
        Class<?> targetType,
        String valueToConvert,
        String failureMsg)
        throws IOException {
      if (!targetType.isEnum()) {
        return NOT_HANDLED;
      }
      FieldPath at = path(ctxt.getParser().getParsingContext());
      add(
          new Problem(
              source,
              lines.lineOf(at),
              at.toString(),
              "\""
                  + valueToConvert
                  + "\" is not one of "
                  + Arrays.stream(targetType.getEnumConstants())
                      .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
                      .collect(Collectors.joining(", "))));
      return null;
    }
  }

  private static Problem problemAt(
      JsonMappingException e, String source, SourceMap lines, FieldPath root) {
    FieldPath at = root;
    for (JsonMappingException.Reference r : e.getPath()) {
      at = r.getFieldName() != null ? at.field(r.getFieldName()) : at.index(r.getIndex());
    }
    return new Problem(source, lines.lineOf(at), at.toString(), bindingMessage(e));
  }

  private static String bindingMessage(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field \""
          + u.getPropertyName()
          + "\"; expected one of "
          + names(u.getKnownPropertyIds());
    } else if (e instanceof InvalidFormatException f && f.getTargetType().isEnum()) {
      return "\""
          + f.getValue()
          + "\" is not one of "
          + Arrays.stream(f.getTargetType().getEnumConstants())
              .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
              .collect(Collectors.joining(", "));
    } else if (e instanceof InvalidFormatException f) {
      return "cannot read \"" + f.getValue() + "\" as " + describe(f.getTargetType());
    } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "expected " + describe(m.getTargetType());
    }
    return firstLine(e.getOriginalMessage());
  }

  private static String names(Collection<?> ids) {
    return ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
  }

  private static String describe(Class<?> type) {
    if (type == Double.class
        || type == double.class
        || type == Long.class
        || type == Integer.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    if (type.getSimpleName().equals("Shape")) {
      return "a shape: a number, promtool series notation, or a mapping with one of "
          + ShapeCompiler.KINDS;
    }
    return "a mapping (" + type.getSimpleName() + ")";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
