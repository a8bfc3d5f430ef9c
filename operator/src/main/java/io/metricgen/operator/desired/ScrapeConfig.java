package io.metricgen.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;

/**
 * The scrape job for a managed Pushgateway in Prometheus's additional-scrape-configs Secret (a YAML
 * list of scrape configs). The job is built as data and serialized, so no name or value can inject
 * YAML; entries the operator did not write are kept as they are (by value: comments in the Secret
 * are not kept).
 */
public final class ScrapeConfig {

  private static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

  /** The Secret's content isn't a YAML list of scrape configs: it is left as it is. */
  public static final class UnparsableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnparsableException(String message) {
      super(message);
    }
  }

  /** Where the scrape configurations of a resource go: a key of a Secret. */
  public record SecretKey(String namespace, String name, String key) {
    @Override
    public String toString() {
      return "Secret " + namespace + "/" + name + " key " + key;
    }
  }

  private ScrapeConfig() {}

  /** The Secret and key the resource's job goes in: its own, else the operator's defaults. */
  public static SecretKey secretKey(MetricGenerator mg, OperatorConfig config) {
    MetricGeneratorSpec.ScrapeConfigSpec sc = mg.getSpec().scrapeConfig;
    return new SecretKey(
        sc != null && sc.secretNamespace != null
            ? sc.secretNamespace
            : config.scrapeSecretNamespace(),
        sc != null && sc.secretName != null ? sc.secretName : config.scrapeSecretName(),
        sc != null && sc.key != null ? sc.key : config.scrapeSecretKey());
  }

  /** The resource's scrape job. */
  public static ObjectNode job(MetricGenerator mg) {
    MetricGeneratorSpec.ScrapeConfigSpec sc = mg.getSpec().scrapeConfig;
    ObjectNode job = JsonNodeFactory.instance.objectNode();
    job.put("job_name", Names.scrapeJob(mg));
    job.put("honor_labels", true);
    job.put("scrape_interval", sc != null && sc.interval != null ? sc.interval : "15s");
    job.putArray("static_configs")
        .addObject()
        .putArray("targets")
        .add(Names.pushgateway(mg) + "." + mg.getMetadata().getNamespace() + ".svc:9091");
    return job;
  }

  /**
   * {@code existing} with {@code job} in place of any job of the same name, as YAML; {@code
   * existing} itself when it already holds that very job.
   */
  public static String withJob(String existing, ObjectNode job) throws UnparsableException {
    ArrayNode jobs = parse(existing);
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    boolean replaced = false;
    for (JsonNode j : jobs) {
      if (j.path("job_name").asText().equals(job.path("job_name").asText())) {
        if (j.equals(job)) {
          return existing;
        }
        out.add(job);
        replaced = true;
      } else {
        out.add(j);
      }
    }
    if (!replaced) {
      out.add(job);
    }
    return write(out);
  }

  /**
   * {@code existing} without the job named {@code jobName}, as YAML; {@code existing} itself when
   * it holds no such job.
   */
  public static String withoutJob(String existing, String jobName) throws UnparsableException {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    boolean removed = false;
    for (JsonNode j : parse(existing)) {
      if (j.path("job_name").asText().equals(jobName)) {
        removed = true;
      } else {
        out.add(j);
      }
    }
    return removed ? write(out) : existing;
  }

  private static ArrayNode parse(String existing) throws UnparsableException {
    if (existing == null || existing.isBlank()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    JsonNode node;
    try {
      node = YAML.readTree(existing);
    } catch (JsonProcessingException e) {
      throw new UnparsableException("is not YAML: " + e.getOriginalMessage());
    }
    if (node == null || node.isNull()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!node.isArray()) {
      throw new UnparsableException("is not a YAML list of scrape configs");
    }
    for (JsonNode j : node) {
      if (!j.isObject() || !j.path("job_name").isTextual()) {
        throw new UnparsableException("holds an entry that is not a scrape config with a job_name");
      }
    }
    return (ArrayNode) node;
  }

  private static String write(ArrayNode jobs) {
    try {
      return jobs.isEmpty() ? "[]\n" : YAML.writeValueAsString(jobs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("YAML nodes always serialize", e);
    }
  }
}
