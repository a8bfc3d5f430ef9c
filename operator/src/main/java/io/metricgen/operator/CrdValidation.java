package io.metricgen.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.FieldPath;
import io.metricgen.engine.load.SourceMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A MetricGenerator or Backfill checked as the API server checks it against the generated CRD (the
 * one in the jar, as crds/ has it): its OpenAPI schema, structurally (types, enums, patterns,
 * required fields, and no unknown fields, as {@code kubectl apply}'s strict field validation
 * refuses them), and every {@code x-kubernetes-validations} rule evaluated with CEL and {@code
 * self} bound to the value it stands on. So what {@code validate} accepts, a cluster accepts.
 */
public final class CrdValidation {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, Crd> CRDS = new ConcurrentHashMap<>();
  private static final CelCompiler CEL =
      CelCompilerFactory.standardCelCompilerBuilder()
          .addVar("self", SimpleType.DYN)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private CrdValidation() {}

  /** A CRD's schema, as written and as JSON Schema. */
  private record Crd(JsonNode openApi, Schema schema) {}

  /**
   * What the API server would refuse of {@code resource} (a document of kind {@code kind}), with
   * the file's lines and fields; empty when it would take it.
   */
  public static List<Problem> problems(
      String kind, JsonNode resource, String source, SourceMap lines) {
    Crd crd = CRDS.computeIfAbsent(kind, CrdValidation::load);
    resource = asJson(resource);
    List<Problem> out = new ArrayList<>();
    for (Error e : crd.schema().validate(resource)) {
      FieldPath at = path(e.getInstanceLocation());
      String property = e.getProperty();
      if (e.getKeyword() != null
          && (e.getKeyword().equals("additionalProperties") || e.getKeyword().equals("required"))
          && property != null) {
        at = at.field(property);
      }
      out.add(new Problem(source, lines.lineOf(at), at.toString(), message(e)));
    }
    if (out.isEmpty()) {
      rules(crd.openApi(), resource, FieldPath.ROOT, source, lines, out);
    }
    return out;
  }

  /** The schema's message without the path it starts with, which the problem names. */
  private static String message(Error e) {
    String m = e.getMessage();
    int colon = m.indexOf(": ");
    String text = m.startsWith("$") && colon > 0 ? m.substring(colon + 2) : m;
    if ("additionalProperties".equals(e.getKeyword())) {
      return "unknown field; the CRD's schema has no such field (the API server refuses it)";
    }
    if ("required".equals(e.getKeyword())) {
      return "is required by the CRD's schema";
    }
    return text + " (the CRD's schema)";
  }

  private static FieldPath path(com.networknt.schema.path.NodePath node) {
    FieldPath at = FieldPath.ROOT;
    for (int i = 0; i < node.getNameCount(); i++) {
      Object element = node.getElement(i);
      at = element instanceof Integer index ? at.index(index) : at.field(String.valueOf(element));
    }
    return at;
  }

  /** Evaluates the rules of {@code schema} and its children on {@code value}, where present. */
  private static void rules(
      JsonNode schema,
      JsonNode value,
      FieldPath at,
      String source,
      SourceMap lines,
      List<Problem> out) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      if (expression.contains("oldSelf")) {
        continue; // transition rules need the object as it was: there is none to compare here
      }
      boolean holds;
      try {
        CelValidationResult compiled = CEL.compile(expression);
        Object result = RUNTIME.createProgram(compiled.getAst()).eval(Map.of("self", java(value)));
        holds = Boolean.TRUE.equals(result);
      } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
        throw new IllegalStateException("the CRD's rule " + expression + " can't be evaluated", e);
      }
      if (!holds) {
        FieldPath where = at;
        String fieldPath = rule.path("fieldPath").asText("");
        for (String part : fieldPath.replaceFirst("^\\.", "").split("\\.")) {
          if (!part.isEmpty()) {
            where = where.field(part);
          }
        }
        out.add(
            new Problem(
                source,
                lines.lineOf(where),
                where.toString(),
                rule.path("message").asText("fails the CRD's rule " + expression)));
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode child =
            properties.has(f.getKey())
                ? properties.get(f.getKey())
                : schema.path("additionalProperties");
        if (child.isObject()) {
          rules(child, f.getValue(), at.field(f.getKey()), source, lines, out);
        }
      }
    } else if (value.isArray() && schema.path("items").isObject()) {
      for (int i = 0; i < value.size(); i++) {
        rules(schema.path("items"), value.get(i), at.index(i), source, lines, out);
      }
    }
  }

  /**
   * The document as the API server decodes it from JSON: a number written without a fraction or an
   * exponent is an integer, any other a float (the YAML reader keeps numbers as their text).
   */
  private static JsonNode asJson(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), asJson(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(asJson(e)));
      return out;
    }
    if (node.isNumber() && !node.isIntegralNumber()) {
      // The reader's tree has lost whether 7 was written 7 or 7.0: a whole value is an integer.
      java.math.BigDecimal d = node.decimalValue().stripTrailingZeros();
      if (d.scale() <= 0) {
        return JsonNodeFactory.instance.numberNode(d.toBigIntegerExact());
      }
      return JsonNodeFactory.instance.numberNode(d.doubleValue());
    }
    return node;
  }

  /** A JSON value as CEL takes it: maps, lists, strings, longs, doubles, booleans. */
  private static Object java(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), java(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(e -> list.add(java(e)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.isNull() ? com.google.protobuf.NullValue.NULL_VALUE : node.asText();
  }

  private static Crd load(String kind) {
    String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
    String resource = "/META-INF/fabric8/" + plural + ".metricgen.io-v1.yml";
    try (InputStream in = CrdValidation.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no CRD for " + kind + " at " + resource);
      }
      JsonNode crd = YAML.readTree(in);
      JsonNode openApi =
          crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
      ObjectNode jsonSchema = (ObjectNode) jsonSchema(openApi);
      // What every object has, which the API server checks itself: the CRD's schema lists none.
      ObjectNode root = (ObjectNode) jsonSchema.path("properties");
      root.putObject("apiVersion").put("type", "string");
      root.putObject("kind").put("type", "string");
      root.putObject("metadata").put("type", "object");
      Schema schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(jsonSchema);
      return new Crd(openApi, schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Kubernetes structural schema as JSON Schema: an object with properties takes no others
   * (unless it preserves unknown fields), {@code nullable} allows null, int-or-string allows both,
   * and the Kubernetes extensions go.
   */
  static JsonNode jsonSchema(JsonNode openApi) {
    if (!openApi.isObject()) {
      return openApi;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = openApi.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      if (key.startsWith("x-kubernetes-") || key.equals("nullable") || key.equals("description")) {
        continue;
      }
      switch (key) {
        case "properties" -> {
          ObjectNode props = out.putObject("properties");
          f.getValue()
              .fields()
              .forEachRemaining(p -> props.set(p.getKey(), jsonSchema(p.getValue())));
        }
        case "items", "additionalProperties" ->
            out.set(key, f.getValue().isObject() ? jsonSchema(f.getValue()) : f.getValue());
        default -> out.set(key, f.getValue());
      }
    }
    if (openApi.path("x-kubernetes-int-or-string").asBoolean(false)) {
      out.remove("type");
      ArrayNode types = out.putArray("type");
      types.add("integer").add("string");
    }
    if (openApi.path("nullable").asBoolean(false)
        && out.has("type")
        && out.get("type").isTextual()) {
      String type = out.get("type").asText();
      out.putArray("type").add(type).add("null");
    }
    boolean preserve = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if ("object".equals(openApi.path("type").asText())
        && openApi.has("properties")
        && !openApi.has("additionalProperties")
        && !preserve) {
      out.put("additionalProperties", false);
    }
    return out;
  }
}
