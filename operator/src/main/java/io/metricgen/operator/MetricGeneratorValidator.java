package io.metricgen.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.FieldPath;
import io.metricgen.engine.load.ScenarioCompiler;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.SourceMap;
import io.metricgen.engine.load.YamlDocument;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.remotewrite.Backfiller;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Durations;
import io.metricgen.engine.transport.Endpoints;
import io.metricgen.engine.transport.Responses;
import io.metricgen.operator.desired.EffectiveScenario;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a MetricGenerator as the operator will: its scenario with the CLI's compiler, and the
 * rules its schema states (so that {@code metricgen validate} catches them without a cluster).
 * Problems name the document's own field paths, like {@code spec.scenario.metrics[0].value}.
 */
public final class MetricGeneratorValidator {

  static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern PREVIEW_ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9-]{0,29}$");

  /** Names derived from a resource's name add up to this many characters. */
  static final int MAX_NAME = 40;

  private MetricGeneratorValidator() {}

  /** Whether a YAML or JSON document is a MetricGenerator (by its kind). */
  public static boolean isMetricGenerator(String text) {
    return "MetricGenerator".equals(kind(text));
  }

  /**
   * The {@code kind} of a YAML or JSON document: MetricGenerator, Backfill, or null for a scenario
   * file (and for text that can't be read, which reading it as a scenario then reports).
   */
  public static String kind(String text) {
    try {
      YamlDocument doc = YamlDocument.read("", text);
      String kind = doc == null ? null : doc.tree().path("kind").asText(null);
      return "MetricGenerator".equals(kind) || "Backfill".equals(kind) ? kind : null;
    } catch (InvalidInputException e) {
      return null;
    }
  }

  /**
   * Reads and checks a MetricGenerator document.
   *
   * @throws InvalidInputException listing every problem
   */
  public static CompiledScenario validate(String source, String text) {
    YamlDocument doc = ScenarioLoader.read(source, text);
    MetricGenerator mg = ScenarioLoader.bind(doc, MetricGenerator.class, source);
    return validate(mg, source, doc.lines());
  }

  /**
   * Checks a MetricGenerator; returns its compiled scenario.
   *
   * @throws InvalidInputException listing every problem
   */
  public static CompiledScenario validate(MetricGenerator mg, String source, SourceMap lines) {
    List<Problem> problems = new ArrayList<>();
    name(mg, MAX_NAME, "the objects made for it", source, lines, problems);
    MetricGeneratorSpec spec = mg.getSpec();
    if (spec == null) {
      add(problems, source, lines, FieldPath.of("spec"), "required");
      throw new InvalidInputException(problems);
    }
    CompiledScenario compiled = null;
    if (spec.scenario != null && spec.scenarioFrom != null) {
      add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "scenarioFrom"),
          "set scenario, or scenarioFrom: dashboards, not both");
    } else if (spec.scenario != null) {
      compiled = scenario(spec.scenario, source, lines, problems);
    } else if (spec.scenarioFrom == null) {
      add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "scenario"),
          "required: the scenario, or scenarioFrom: dashboards");
    } else if (spec.dashboards == null || spec.dashboards.isEmpty()) {
      add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "dashboards"),
          "scenarioFrom: dashboards needs at least one dashboard");
    } else if (spec.dashboards.stream().allMatch(d -> d.json != null)) {
      // Dashboards in ConfigMaps are read by the operator; inline ones can be checked here.
      try {
        JsonNode made = EffectiveScenario.of(mg, ref -> null);
        compiled = scenario(made, source, SourceMap.NONE, problems);
      } catch (InvalidInputException e) {
        for (Problem p : e.problems()) {
          add(problems, source, lines, FieldPath.of("spec", "dashboards"), p.toString());
        }
      }
    }
    if (spec.ttl != null && spec.expiresAt != null) {
      add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "expiresAt"),
          "set ttl or expiresAt, not both");
    }
    if (spec.ttl != null) {
      duration(spec.ttl, FieldPath.of("spec", "ttl"), source, lines, problems);
    }
    if (spec.expiresAt != null) {
      try {
        OffsetDateTime.parse(spec.expiresAt);
      } catch (DateTimeParseException e) {
        add(
            problems,
            source,
            lines,
            FieldPath.of("spec", "expiresAt"),
            "expected an RFC 3339 time like 2026-12-01T00:00:00Z, got \"" + spec.expiresAt + "\"");
      }
    }
    if (spec.pushgateway != null) {
      MetricGeneratorSpec.PushgatewaySpec pg = spec.pushgateway;
      boolean managed = pg.managed == null ? pg.url == null : pg.managed;
      if (managed && pg.url != null) {
        add(
            problems,
            source,
            lines,
            FieldPath.of("spec", "pushgateway", "url"),
            "a managed Pushgateway has no url; set managed: false to use an external one");
      }
      if (!managed && pg.url == null) {
        add(
            problems,
            source,
            lines,
            FieldPath.of("spec", "pushgateway", "url"),
            "required when managed is false: the external Pushgateway's URL");
      }
      String urlProblem = pg.url == null ? null : Endpoints.problem(pg.url, true);
      if (urlProblem != null) {
        add(problems, source, lines, FieldPath.of("spec", "pushgateway", "url"), urlProblem);
      }
    }
    if (spec.scrapeConfig != null) {
      MetricGeneratorSpec.ScrapeConfigSpec sc = spec.scrapeConfig;
      FieldPath p = FieldPath.of("spec", "scrapeConfig");
      matches(
          sc.secretNamespace,
          MetricGeneratorSpec.DNS_LABEL,
          "a namespace's name (a DNS label)",
          p.field("secretNamespace"),
          source,
          lines,
          problems);
      matches(
          sc.secretName,
          MetricGeneratorSpec.DNS_SUBDOMAIN,
          "a Secret's name (a DNS subdomain)",
          p.field("secretName"),
          source,
          lines,
          problems);
      matches(
          sc.key,
          MetricGeneratorSpec.SECRET_KEY,
          "a Secret key: letters, digits, '-', '_' and '.'",
          p.field("key"),
          source,
          lines,
          problems);
    }
    Set<String> dashboards = new HashSet<>();
    for (int i = 0; i < spec.dashboards.size(); i++) {
      MetricGeneratorSpec.DashboardSpec d = spec.dashboards.get(i);
      FieldPath p = FieldPath.of("spec").field("dashboards").index(i);
      if (d.name == null || !DNS_LABEL.matcher(d.name).matches()) {
        add(
            problems,
            source,
            lines,
            p.field("name"),
            "required: a DNS label (lowercase letters, digits, dashes)");
      } else if (!dashboards.add(d.name)) {
        add(problems, source, lines, p.field("name"), "another dashboard has the name " + d.name);
      }
      if ((d.json == null) == (d.configMapRef == null)) {
        add(
            problems,
            source,
            lines,
            p,
            "give the dashboard as json or as configMapRef, exactly one");
      } else if (d.json != null) {
        dashboardJson(d.json, p.field("json"), source, lines, problems);
      }
    }
    if (spec.preview != null
        && (spec.preview.id == null || !PREVIEW_ID.matcher(spec.preview.id).matches())) {
      add(
          problems,
          source,
          lines,
          FieldPath.of("spec", "preview", "id"),
          "expected up to 30 letters, digits and dashes, starting with a letter or digit, like"
              + " mr-123");
    }
    if (spec.generator != null && spec.generator.duration != null) {
      duration(
          spec.generator.duration,
          FieldPath.of("spec", "generator", "duration"),
          source,
          lines,
          problems);
    }
    if (spec.history != null) {
      FieldPath p = FieldPath.of("spec", "history");
      if (spec.history.duration == null) {
        add(problems, source, lines, p.field("duration"), "required: how much history, like 7d");
      } else {
        duration(spec.history.duration, p.field("duration"), source, lines, problems);
      }
      BackfillValidator.target(spec.history.target, p.field("target"), source, lines, problems);
      BackfillValidator.shards(spec.history.shards, p.field("shards"), source, lines, problems);
      if (compiled != null && mg.getMetadata() != null) {
        List<String> conflicts =
            Backfiller.labelConflicts(compiled, GeneratorObjects.pushedLabels(mg).keySet());
        if (!conflicts.isEmpty()) {
          add(
              problems,
              source,
              lines,
              p,
              "the scenario's series have labels the Pushgateway sets on live series ("
                  + String.join(", ", conflicts)
                  + "): rename them for a history that continues into live data");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return compiled;
  }

  /** Checks that a resource's name is a DNS label of at most {@code max} characters. */
  static void name(
      io.fabric8.kubernetes.api.model.HasMetadata resource,
      int max,
      String namedAfterIt,
      String source,
      SourceMap lines,
      List<Problem> problems) {
    String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
    if (name == null || !DNS_LABEL.matcher(name).matches() || name.length() > max) {
      add(
          problems,
          source,
          lines,
          FieldPath.of("metadata", "name"),
          "must be a DNS label (lowercase letters, digits, dashes) of at most "
              + max
              + " characters: "
              + namedAfterIt
              + " are named after it");
    }
  }

  /** Binds and compiles the scenario at {@code spec.scenario}; null when it has problems. */
  static CompiledScenario scenario(
      JsonNode tree, String source, SourceMap lines, List<Problem> problems) {
    try {
      FieldPath root = FieldPath.of("spec", "scenario");
      Scenario scenario = ScenarioLoader.bind(tree, Scenario.class, source, lines, root);
      return ScenarioCompiler.compile(scenario, source, lines, null, root);
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  private static void dashboardJson(
      String json, FieldPath p, String source, SourceMap lines, List<Problem> problems) {
    try {
      JsonNode dashboard = new ObjectMapper().readTree(json);
      if (dashboard == null || !dashboard.isObject()) {
        add(problems, source, lines, p, "must be a Grafana dashboard: a JSON object");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      add(problems, source, lines, p, "is not JSON: " + e.getOriginalMessage());
    }
  }

  static void duration(
      String text, FieldPath p, String source, SourceMap lines, List<Problem> problems) {
    try {
      if (Durations.parse(text).isZero()) {
        add(problems, source, lines, p, "must be positive, got " + text);
      }
    } catch (IllegalArgumentException e) {
      add(problems, source, lines, p, e.getMessage());
    }
  }

  static void add(
      List<Problem> problems, String source, SourceMap lines, FieldPath p, String message) {
    problems.add(new Problem(source, lines.lineOf(p), p.toString(), message));
  }

  static void matches(
      String value,
      String pattern,
      String what,
      FieldPath at,
      String source,
      SourceMap lines,
      List<Problem> problems) {
    if (value != null && !value.matches(pattern)) {
      add(
          problems,
          source,
          lines,
          at,
          "expected " + what + ", got \"" + Responses.printable(value) + "\"");
    }
  }
}
