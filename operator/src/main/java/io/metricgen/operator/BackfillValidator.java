package io.metricgen.operator;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.importer.SampleFileReader;
import io.metricgen.engine.load.FieldPath;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.SourceMap;
import io.metricgen.engine.load.YamlDocument;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Times;
import io.metricgen.engine.transport.Endpoints;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Responses;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillSpec;
import io.metricgen.operator.model.MetricGeneratorSpec;
import io.metricgen.operator.model.RemoteWriteTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a Backfill as the operator will, and as {@code metricgen validate} does without a cluster:
 * its scenario with the CLI's compiler, its range, its target, and the rules its schema states.
 * Problems name the document's own field paths.
 */
public final class BackfillValidator {

  /** Names derived from a Backfill's name add up to this many characters (the Job's pods). */
  static final int MAX_NAME = 48;

  private BackfillValidator() {}

  /** Reads and checks a Backfill document; returns its compiled scenario, or null for a ref. */
  public static CompiledScenario validate(String source, String text, Instant now) {
    YamlDocument doc = ScenarioLoader.read(source, text);
    Backfill bf = ScenarioLoader.bind(doc, Backfill.class, source);
    return validate(bf, source, doc.lines(), now);
  }

  /**
   * Checks a Backfill; returns its compiled scenario (null when it refers to a MetricGenerator). A
   * range already recorded in status is not checked against {@code now} again.
   *
   * @throws InvalidInputException listing every problem
   */
  public static CompiledScenario validate(
      Backfill bf, String source, SourceMap lines, Instant now) {
    List<Problem> problems = new ArrayList<>();
    MetricGeneratorValidator.name(bf, MAX_NAME, "the Job and its pods", source, lines, problems);
    BackfillSpec spec = bf.getSpec();
    if (spec == null) {
      MetricGeneratorValidator.add(problems, source, lines, FieldPath.of("spec"), "required");
      throw new InvalidInputException(problems);
    }
    CompiledScenario compiled = null;
    if ((spec.scenario == null) == (spec.metricGeneratorRef == null)) {
      MetricGeneratorValidator.add(
          problems,
          source,
          lines,
          FieldPath.of("spec"),
          "give the scenario inline (scenario) or as metricGeneratorRef, exactly one");
    } else if (spec.scenario != null) {
      compiled = MetricGeneratorValidator.scenario(spec.scenario, source, lines, problems);
    } else if (spec.metricGeneratorRef.name == null
        || !MetricGeneratorValidator.DNS_LABEL.matcher(spec.metricGeneratorRef.name).matches()) {
      MetricGeneratorValidator.add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "metricGeneratorRef", "name"),
          "required: the name of a MetricGenerator in this namespace");
    }
    range(bf, source, lines, now, problems);
    target(spec.target, FieldPath.of("spec", "target"), source, lines, problems);
    shards(spec.shards, FieldPath.of("spec", "shards"), source, lines, problems);
    if (spec.retries != null) {
      FieldPath p = FieldPath.of("spec", "retries");
      bounded(spec.retries.podFailures, 0, 100, p.field("podFailures"), source, lines, problems);
      bounded(
          spec.retries.requestAttempts,
          1,
          100,
          p.field("requestAttempts"),
          source,
          lines,
          problems);
    }
    if (spec.ttl != null) {
      MetricGeneratorValidator.duration(
          spec.ttl, FieldPath.of("spec", "ttl"), source, lines, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return compiled;
  }

  private static void range(
      Backfill bf, String source, SourceMap lines, Instant now, List<Problem> problems) {
    BackfillSpec spec = bf.getSpec();
    Instant start = time(spec.start, "start", true, now, source, lines, problems);
    Instant end =
        time(spec.end == null ? "now" : spec.end, "end", false, now, source, lines, problems);
    // Once resolved, the range is the one in status: relative times resolve differently later,
    // and what was checked then is not checked again.
    boolean recorded =
        bf.getStatus() != null && bf.getStatus().start != null && bf.getStatus().end != null;
    if (start == null || end == null || recorded) {
      return;
    }
    if (!start.isBefore(end)) {
      MetricGeneratorValidator.add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "end"),
          "must be after start (" + start + "), got " + end);
    }
    if (end.toEpochMilli() > now.toEpochMilli() + SampleFileReader.MAX_FUTURE_MILLIS) {
      MetricGeneratorValidator.add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "end"),
          "is in the future ("
              + end
              + "); a backfill writes history, up to now at the latest (live values are a"
              + " MetricGenerator's)");
    }
  }

  private static Instant time(
      String text,
      String field,
      boolean required,
      Instant now,
      String source,
      SourceMap lines,
      List<Problem> problems) {
    FieldPath p = FieldPath.of("spec", field);
    if (text == null) {
      if (required) {
        MetricGeneratorValidator.add(
            problems, source, lines, p, "required: " + Times.VALID + ", like -7d");
      }
      return null;
    }
    try {
      return Times.parse(text, now);
    } catch (IllegalArgumentException e) {
      MetricGeneratorValidator.add(problems, source, lines, p, e.getMessage());
      return null;
    }
  }

  /** Checks a remote-write target: URL, credentials by Secret reference, CA, headers. */
  static void target(
      RemoteWriteTarget t, FieldPath p, String source, SourceMap lines, List<Problem> problems) {
    if (t == null) {
      return;
    }
    String urlProblem = t.url == null ? null : Endpoints.problem(t.url, false);
    if (urlProblem != null) {
      MetricGeneratorValidator.add(problems, source, lines, p.field("url"), urlProblem);
    }
    if (t.basicAuth != null && t.bearerTokenSecretRef != null) {
      MetricGeneratorValidator.add(
          problems, source, lines, p, "use basicAuth or bearerTokenSecretRef, not both");
    }
    if (t.basicAuth != null) {
      if (t.basicAuth.username == null
          || t.basicAuth.username.isEmpty()
          || t.basicAuth.username.contains(":")
          || !Responses.printable(t.basicAuth.username).equals(t.basicAuth.username)) {
        MetricGeneratorValidator.add(
            problems,
            source,
            lines,
            p.field("basicAuth").field("username"),
            "required: a user name without ':' or control characters");
      }
      secretRef(
          t.basicAuth.passwordSecretRef,
          p.field("basicAuth").field("passwordSecretRef"),
          source,
          lines,
          problems);
    }
    if (t.bearerTokenSecretRef != null) {
      secretRef(t.bearerTokenSecretRef, p.field("bearerTokenSecretRef"), source, lines, problems);
    }
    if (t.ca != null) {
      FieldPath ca = p.field("ca");
      if ((t.ca.secretKeyRef == null) == (t.ca.configMapKeyRef == null)) {
        MetricGeneratorValidator.add(
            problems, source, lines, ca, "give secretKeyRef or configMapKeyRef, exactly one");
      } else if (t.ca.secretKeyRef != null) {
        secretRef(t.ca.secretKeyRef, ca.field("secretKeyRef"), source, lines, problems);
      } else {
        ConfigMapKeySelector ref = t.ca.configMapKeyRef;
        keyRef(ref.getName(), ref.getKey(), ca.field("configMapKeyRef"), source, lines, problems);
      }
    }
    for (Map.Entry<String, String> h : t.headers.entrySet()) {
      FieldPath at = p.field("headers").field(h.getKey());
      if (!h.getKey().matches(HttpSettings.HEADER_NAME)) {
        MetricGeneratorValidator.add(
            problems,
            source,
            lines,
            at,
            "a header name is letters, digits and !#$%&'*+.^_`|~-, got \""
                + Responses.printable(h.getKey())
                + "\"");
      } else if (h.getKey().equalsIgnoreCase("Authorization")) {
        MetricGeneratorValidator.add(
            problems,
            source,
            lines,
            at,
            "credentials come from Secrets: use basicAuth or bearerTokenSecretRef");
      }
      if (h.getValue() == null || !Responses.printable(h.getValue()).equals(h.getValue())) {
        MetricGeneratorValidator.add(
            problems, source, lines, at, "a header value without control characters");
      }
    }
  }

  static void shards(
      Integer shards, FieldPath p, String source, SourceMap lines, List<Problem> problems) {
    bounded(shards, 1, BackfillSpec.MAX_SHARDS, p, source, lines, problems);
  }

  private static void bounded(
      Integer value,
      int min,
      int max,
      FieldPath p,
      String source,
      SourceMap lines,
      List<Problem> problems) {
    if (value != null && (value < min || value > max)) {
      MetricGeneratorValidator.add(
          problems, source, lines, p, "must be from " + min + " to " + max + ", got " + value);
    }
  }

  private static void secretRef(
      SecretKeySelector ref, FieldPath p, String source, SourceMap lines, List<Problem> problems) {
    keyRef(ref.getName(), ref.getKey(), p, source, lines, problems);
  }

  private static void keyRef(
      String name,
      String key,
      FieldPath p,
      String source,
      SourceMap lines,
      List<Problem> problems) {
    MetricGeneratorValidator.matches(
        name == null ? "" : name,
        MetricGeneratorSpec.DNS_SUBDOMAIN,
        "a name (a DNS subdomain)",
        p.field("name"),
        source,
        lines,
        problems);
    MetricGeneratorValidator.matches(
        key == null ? "" : key,
        MetricGeneratorSpec.SECRET_KEY,
        "a key: letters, digits, '-', '_' and '.'",
        p.field("key"),
        source,
        lines,
        problems);
  }
}
