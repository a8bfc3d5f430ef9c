package io.metricgen.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.time.Times;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillSpec;
import io.metricgen.operator.model.MetricGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Backfill with everything its run depends on resolved: the range as recorded in status (or
 * resolved now, at the first reconcile), the scenario (inline, or the referenced MetricGenerator's
 * with its live series' labels), and the target URL. The run's objects are plain functions of it.
 *
 * @param scenarioYaml the scenario file the pods read; null when it comes from a MetricGenerator
 *     that can't be read (as with no cluster)
 * @param labels added to every series
 */
public record BackfillRun(
    Backfill backfill,
    String scenarioYaml,
    Map<String, String> labels,
    Instant start,
    Instant end,
    String url) {

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  public BackfillRun {
    labels = Map.copyOf(labels);
  }

  /**
   * Resolves {@code bf}'s run.
   *
   * @param referenced the MetricGenerator of {@code spec.metricGeneratorRef}, null when there is
   *     none or it can't be read
   * @param now what relative times resolve against when the status records no range yet
   * @throws IllegalArgumentException on a time or scenario the validator would refuse
   */
  public static BackfillRun of(
      Backfill bf, MetricGenerator referenced, OperatorConfig config, Instant now) {
    return of(bf, referenced, ref -> null, config, now);
  }

  /**
   * As above, for a referenced MetricGenerator whose scenario comes from dashboards, some of them
   * in ConfigMaps.
   *
   * @param configMapDashboards the JSON of the referenced resource's ConfigMap dashboards
   */
  public static BackfillRun of(
      Backfill bf,
      MetricGenerator referenced,
      java.util.function.Function<
              io.metricgen.operator.model.MetricGeneratorSpec.ConfigMapKeyRef, String>
          configMapDashboards,
      OperatorConfig config,
      Instant now) {
    BackfillSpec spec = bf.getSpec();
    boolean recorded = bf.getStatus() != null && bf.getStatus().start != null;
    // Whole seconds, as status records times: the range read back is the range resolved.
    Instant start =
        recorded
            ? OffsetDateTime.parse(bf.getStatus().start).toInstant()
            : Times.parse(spec.start, now).truncatedTo(ChronoUnit.SECONDS);
    Instant end =
        recorded
            ? OffsetDateTime.parse(bf.getStatus().end).toInstant()
            : Times.parse(spec.end == null ? "now" : spec.end, now).truncatedTo(ChronoUnit.SECONDS);
    String yaml = null;
    Map<String, String> labels = new LinkedHashMap<>();
    if (spec.scenario != null) {
      yaml = ScenarioLoader.write(spec.scenario);
    } else if (spec.metricGeneratorRef != null) {
      // The labels are the referenced resource's by name; only its scenario needs reading.
      labels.putAll(
          GeneratorObjects.pushedLabels(
              bf.getMetadata().getNamespace(), spec.metricGeneratorRef.name));
      if (referenced != null) {
        try {
          JsonNode scenario = EffectiveScenario.of(referenced, configMapDashboards);
          yaml = scenario == null ? null : ScenarioLoader.write(scenario);
        } catch (InvalidInputException e) {
          // The MetricGenerator's own status says what is wrong; the run waits for a scenario.
          yaml = null;
        }
      }
    }
    String url =
        spec.target != null && spec.target.url != null ? spec.target.url : config.remoteWriteUrl();
    return new BackfillRun(bf, yaml, labels, start, end, url);
  }

  public int shards() {
    Integer n = backfill.getSpec().shards;
    return n == null ? 1 : n;
  }

  /**
   * What makes this run this one: a new value means the Job, whose pod template can't change, would
   * run something else. The ttl is not part of it.
   */
  public String hash() {
    BackfillSpec spec = backfill.getSpec();
    Map<String, Object> run = new TreeMap<>();
    run.put("scenario", scenarioYaml);
    run.put("labels", labels);
    run.put("start", start.toString());
    run.put("end", end.toString());
    // The range as written too: an edit of it, after the range was resolved, is a new run.
    run.put("range", spec.start + " " + spec.end);
    run.put("url", url);
    run.put("target", spec.target);
    run.put("shards", shards());
    run.put("retries", spec.retries);
    run.put("job", spec.job);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(CANONICAL.writeValueAsString(run).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("a run always hashes", e);
    }
  }
}
