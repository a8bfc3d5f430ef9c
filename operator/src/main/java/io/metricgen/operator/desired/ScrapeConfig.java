package io.metricgen.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scrape job for a managed Pushgateway in Prometheus's additional-scrape-configs Secret (a YAML
 * list of scrape configs). The job is built as data and serialized, so no name or value can inject
 * YAML; entries the operator did not write are kept byte for byte ({@link ScrapeConfigText}).
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
   * {@code existing} with {@code job} in place of any job of the same name (appended when there is
   * none); {@code existing} itself when it already holds that very job. Only the job's own text
   * changes: every other entry keeps its bytes, comments, anchors and quoting.
   *
   * @throws UnparsableException when {@code existing} is not a list of scrape configs, or the edit
   *     would change anything else (it is then left as it is)
   */
  public static String withJob(String existing, ObjectNode job) throws UnparsableException {
    String name = job.path("job_name").asText();
    String block = write(JsonNodeFactory.instance.arrayNode().add(job));
    Object value = ScrapeConfigText.parse(block).values().get(0);
    ScrapeConfigText text = LastRead.parse(existing);
    // At rest, the job is there once, as it should be: nothing to splice.
    List<ScrapeConfigText.Entry> named =
        text.entries().stream().filter(e -> e.jobName().equals(name)).limit(2).toList();
    if (named.size() == 1 && named.get(0).value().equals(value)) {
      return text.text();
    }
    List<Object> expected = new ArrayList<>();
    int at = -1;
    for (int i = 0; i < text.entries().size(); i++) {
      ScrapeConfigText.Entry e = text.entries().get(i);
      if (!e.jobName().equals(name)) {
        expected.add(e.value());
      } else if (at < 0) {
        at = i;
        expected.add(value);
      }
    }
    if (at < 0) {
      expected.add(value);
    } else if (text.values().equals(expected)) {
      return text.text();
    }
    // Further entries of the same name go, from the last, so that positions before stay valid.
    for (int i = text.entries().size() - 1; at >= 0 && i > at; i--) {
      if (text.entries().get(i).jobName().equals(name)) {
        text = reparse(text.remove(i));
      }
    }
    if (at >= 0) {
      return checked(text.put(at, block, job.toString()), expected);
    }
    try {
      return checked(text.put(-1, block, job.toString()), expected);
    } catch (UnparsableException appendingChangedIt) {
      expected.add(0, expected.remove(expected.size() - 1));
      return checked(text.putFirst(block, job.toString()), expected);
    }
  }

  /**
   * {@code existing} without the job named {@code jobName}; {@code existing} itself when it holds
   * no such job. Every other entry keeps its bytes.
   */
  public static String withoutJob(String existing, String jobName) throws UnparsableException {
    ScrapeConfigText text = LastRead.parse(existing);
    List<Object> expected = new ArrayList<>();
    for (ScrapeConfigText.Entry e : text.entries()) {
      if (!e.jobName().equals(jobName)) {
        expected.add(e.value());
      }
    }
    if (expected.size() == text.entries().size()) {
      return text.text();
    }
    for (int i = text.entries().size() - 1; i >= 0; i--) {
      if (text.entries().get(i).jobName().equals(jobName)) {
        text = reparse(text.remove(i));
      }
    }
    return checked(text.text(), expected);
  }

  /**
   * The edited text, read back: it must hold exactly the entries expected, by value. Splicing keeps
   * other entries' bytes, but an entry can depend on text around it (an alias of an anchor in the
   * entry replaced); this makes sure that nothing of the kind changed.
   */
  private static String checked(String edited, List<Object> expected) throws UnparsableException {
    if (!reparse(edited).values().equals(expected)) {
      throw new UnparsableException("could not be edited without changing other entries");
    }
    return edited;
  }

  private static ScrapeConfigText reparse(String edited) throws UnparsableException {
    try {
      // Kept: the text written is the one the next edit reads.
      return LastRead.parse(edited);
    } catch (UnparsableException e) {
      throw new UnparsableException(
          "could not be edited without breaking it (" + e.getMessage() + ")");
    }
  }

  /**
   * The last few Secret contents read, parsed: every resource's pass reads the same shared text,
   * and parsing it whole each time made a pass cost grow with the number of jobs in it.
   */
  private static final class LastRead {
    private static final int KEPT = 2;
    private static final Map<String, ScrapeConfigText> PARSED =
        new LinkedHashMap<>(KEPT, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ScrapeConfigText> eldest) {
            return size() > KEPT;
          }
        };

    static ScrapeConfigText parse(String text) throws UnparsableException {
      String key = text == null ? "" : text;
      synchronized (PARSED) {
        ScrapeConfigText parsed = PARSED.get(key);
        if (parsed != null) {
          return parsed;
        }
      }
      ScrapeConfigText parsed = ScrapeConfigText.parse(key);
      synchronized (PARSED) {
        PARSED.put(key, parsed);
      }
      return parsed;
    }
  }

  private static String write(ArrayNode jobs) {
    try {
      return YAML.writeValueAsString(jobs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("YAML nodes always serialize", e);
    }
  }
}
