package io.metricgen.operator.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.FieldPath;
import io.metricgen.engine.load.IncidentCompiler;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.SourceMap;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.series.IncidentPlan;
import io.metricgen.engine.time.Durations;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The incidents a MetricGenerator's {@code metricgen.io/incident} annotation asks for (one incident
 * as JSON, or a list of them): each with an id (a hash of the incident as written, so annotating
 * the same again changes nothing), the time the operator first saw it (kept in status), and its
 * end. The generator gets the running ones in its ConfigMap and applies them without a restart.
 */
public final class Incidents {

  public static final String ANNOTATION = "metricgen.io/incident";

  /** The key of the generator's ConfigMap that lists the running incidents. */
  public static final String FILE_KEY = "incidents.yaml";

  /** The most incidents one resource runs at once. */
  public static final int MAX = 20;

  public static final String RUNNING = "Running";
  public static final String ENDED = "Ended";
  public static final String INVALID = "Invalid";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "annotation " + ANNOTATION;

  private Incidents() {}

  /**
   * The resource's incidents at {@code now}, each started when {@code before} says it did or now.
   * Empty without the annotation.
   */
  public static List<MetricGeneratorStatus.Incident> of(
      MetricGenerator mg, MetricGeneratorStatus before, Instant now) {
    Map<String, MetricGeneratorStatus.Incident> was = new LinkedHashMap<>();
    if (before != null && before.incidents != null) {
      before.incidents.forEach(i -> was.put(i.id, i));
    }
    List<MetricGeneratorStatus.Incident> out = new ArrayList<>();
    for (Entry e : entries(mg)) {
      MetricGeneratorStatus.Incident i = new MetricGeneratorStatus.Incident();
      i.id = e.id;
      i.metric = e.spec.path("metric").isTextual() ? e.spec.path("metric").asText() : null;
      if (e.problem != null) {
        i.state = INVALID;
        i.message = e.problem;
        out.add(i);
        continue;
      }
      MetricGeneratorStatus.Incident earlier = was.get(e.id);
      Instant start =
          earlier != null && earlier.startedAt != null ? Instant.parse(earlier.startedAt) : now;
      Instant end = start.plus(e.plan.duration());
      i.startedAt = time(start);
      i.endsAt = time(end);
      i.state = now.isBefore(end) ? RUNNING : ENDED;
      out.add(i);
    }
    return out;
  }

  /**
   * The generator's incidents file: the running ones of {@code incidents} as the annotation gives
   * them, with their ids and start times (see {@code metricgen push --incidents}).
   */
  public static String file(MetricGenerator mg, List<MetricGeneratorStatus.Incident> incidents) {
    Map<String, MetricGeneratorStatus.Incident> running = new LinkedHashMap<>();
    for (MetricGeneratorStatus.Incident i : incidents) {
      if (RUNNING.equals(i.state)) {
        running.put(i.id, i);
      }
    }
    ArrayNode out = JSON.createArrayNode();
    for (Entry e : entries(mg)) {
      MetricGeneratorStatus.Incident i = running.get(e.id);
      if (i != null && e.problem == null) {
        ObjectNode n = out.addObject().put("id", e.id).put("startedAt", i.startedAt);
        n.setAll((ObjectNode) e.spec);
        running.remove(e.id);
      }
    }
    return out.isEmpty() ? "[]\n" : ScenarioLoader.write(out).replaceFirst("^---\n", "");
  }

  /**
   * {@code incidents} as of {@code now}, nothing new taken up: those past their end are Ended. For
   * a pass that can't run the workflow (an invalid spec), which must not report a new incident as
   * running, nor an old one as running past its end.
   */
  public static List<MetricGeneratorStatus.Incident> aged(
      List<MetricGeneratorStatus.Incident> incidents, Instant now) {
    if (incidents == null) {
      return null;
    }
    List<MetricGeneratorStatus.Incident> out = new ArrayList<>();
    for (MetricGeneratorStatus.Incident i : incidents) {
      MetricGeneratorStatus.Incident copy =
          JSON.convertValue(i, MetricGeneratorStatus.Incident.class);
      if (RUNNING.equals(copy.state) && !now.isBefore(Instant.parse(copy.endsAt))) {
        copy.state = ENDED;
      }
      out.add(copy);
    }
    return out;
  }

  /** The soonest end of a running incident, or null. */
  public static Instant nextEnd(List<MetricGeneratorStatus.Incident> incidents) {
    return incidents.stream()
        .filter(i -> RUNNING.equals(i.state))
        .map(i -> Instant.parse(i.endsAt))
        .min(Instant::compareTo)
        .orElse(null);
  }

  /** One annotated incident: its id, as written, and its plan or why it has none. */
  private record Entry(String id, JsonNode spec, IncidentPlan plan, String problem) {}

  private static List<Entry> entries(MetricGenerator mg) {
    Map<String, String> annotations = mg.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ANNOTATION);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of(
          new Entry(
              id(value),
              JSON.createObjectNode(),
              null,
              SOURCE
                  + ": not JSON ("
                  + e.getOriginalMessage()
                  + "); expected {\"metric\": ..., \"shape\": ..., \"for\": \"10m\"} or a list"));
    }
    List<JsonNode> items = new ArrayList<>();
    if (tree.isArray()) {
      tree.forEach(items::add);
    } else {
      items.add(tree);
    }
    List<Entry> out = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int k = 0; k < items.size(); k++) {
      JsonNode item = items.get(k);
      String id = id(item.toString());
      if (!seen.add(id)) {
        continue;
      }
      FieldPath at = tree.isArray() ? FieldPath.ROOT.index(k) : FieldPath.ROOT;
      if (out.size() == MAX) {
        out.add(new Entry(id, item, null, SOURCE + ": at most " + MAX + " incidents at once"));
        break;
      }
      if (!item.isObject()) {
        out.add(
            new Entry(
                id, JSON.createObjectNode(), null, SOURCE + ": " + at + " must be an object"));
        continue;
      }
      try {
        IncidentPlan plan =
            IncidentCompiler.compile(item, SOURCE, SourceMap.NONE, at, intervalMillis(mg));
        String unknown = unknownMetric(mg, plan);
        out.add(new Entry(id, item, plan, unknown == null ? null : SOURCE + ": " + unknown));
      } catch (InvalidInputException e) {
        out.add(
            new Entry(
                id,
                item,
                null,
                e.problems().stream().map(Problem::toString).collect(Collectors.joining("; "))));
      }
    }
    return out;
  }

  /**
   * Why the scenario the resource gives can't run {@code plan}: no such metric (a counter named
   * with or without {@code _total}), or a scale for what has no observations; null when it can (or
   * when the scenario is made from dashboards, which the generator checks).
   */
  private static String unknownMetric(MetricGenerator mg, IncidentPlan plan) {
    JsonNode metrics = mg.getSpec().scenario == null ? null : mg.getSpec().scenario.get("metrics");
    if (metrics == null || !metrics.isArray()) {
      return null;
    }
    String metric = plan.metric();
    String bare = metric.endsWith("_total") ? metric.substring(0, metric.length() - 6) : metric;
    for (JsonNode m : metrics) {
      String name = m.path("name").asText();
      if (name.equals(metric) || name.equals(bare) || name.equals(metric + "_total")) {
        String type = m.path("type").asText();
        boolean observed = type.equals("histogram") || type.equals("summary");
        if (plan.scale() != null && !observed) {
          return "scale: is for histograms and summaries; " + metric + " is a " + type;
        }
        if (plan.shape() == null && !observed) {
          return "shape: required for a " + type + " (scale is for histograms and summaries)";
        }
        return null;
      }
    }
    return "metric: the scenario has no metric \""
        + metric
        + "\"; it has "
        + String.join(
            ", ",
            java.util.stream.StreamSupport.stream(metrics.spliterator(), false)
                .map(m -> m.path("name").asText())
                .toList());
  }

  private static long intervalMillis(MetricGenerator mg) {
    JsonNode scenario = mg.getSpec().scenario;
    JsonNode interval = scenario == null ? null : scenario.get("interval");
    try {
      return Durations.parse(
              interval != null && interval.isTextual()
                  ? interval.asText()
                  : Scenario.DEFAULT_INTERVAL)
          .toMillis();
    } catch (IllegalArgumentException e) {
      return Durations.parse(Scenario.DEFAULT_INTERVAL).toMillis();
    }
  }

  private static String id(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always there", e);
    }
  }

  private static String time(Instant t) {
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(
        t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }
}
