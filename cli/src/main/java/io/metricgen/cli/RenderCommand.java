package io.metricgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.YamlDocument;
import io.metricgen.operator.BackfillValidator;
import io.metricgen.operator.MetricGeneratorValidator;
import io.metricgen.operator.desired.BackfillObjects;
import io.metricgen.operator.desired.BackfillRun;
import io.metricgen.operator.desired.DesiredState;
import io.metricgen.operator.desired.History;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.desired.ScrapeConfig;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen render}: the objects a resource yields, as YAML, with no cluster. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Prints, as YAML, every object the operator would create or patch for a resource.",
      "For a MetricGenerator, the scrape Secret with its new content among them; for a Backfill,"
          + " its Job, checkpoints and Role. No cluster is needed: for reviewing a merge request."
          + " Relative times resolve against now."
    })
final class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "RESOURCE",
      description = "MetricGenerator or Backfill YAML.")
  Path file;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Namespace when the resource names none (default: default).")
  String namespace;

  @Option(
      names = "--scrape-configs",
      paramLabel = "FILE",
      description = "The scrape Secret's current content, to show it patched (default: empty).")
  Path scrapeConfigs;

  @Mixin ScrapeOptions scrape;

  @Override
  public Integer call() throws Exception {
    String text = ScenarioLoader.readFile(file);
    YamlDocument doc = ScenarioLoader.read(file.toString(), text);
    Instant now = Instant.now();
    List<HasMetadata> objects =
        "Backfill".equals(MetricGeneratorValidator.kind(text))
            ? backfill(doc, now)
            : metricGenerator(doc, now);
    PrintWriter out = spec.commandLine().getOut();
    JsonNode resource = doc.tree();
    out.printf(
        "# A preview of what metricgen's operator makes for %s %s/%s, for review: not for kubectl"
            + " apply. In the cluster the operator writes these, owned by the resource (their"
            + " ownerReferences get its uid there).%n",
        resource.path("kind").asText(),
        resource.path("metadata").path("namespace").asText(namespace),
        resource.path("metadata").path("name").asText());
    for (HasMetadata o : objects) {
      out.print("---\n" + kubectlYaml(o));
    }
    out.flush();
    spec.commandLine().getErr().flush();
    return 0;
  }

  static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper KUBECTL_YAML =
      com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
          .disable(
              com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(
              com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                  .ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(
              com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                  .INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  /**
   * An object as kubectl prints it: quotes only where YAML would read a string as something else (a
   * number, a boolean, null), not around every scalar.
   */
  static String kubectlYaml(HasMetadata o) {
    try {
      JsonNode tree = Serialization.jsonMapper().valueToTree(o);
      return KUBECTL_YAML.writeValueAsString(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Kubernetes objects always serialize", e);
    }
  }

  private List<HasMetadata> metricGenerator(YamlDocument doc, Instant now) {
    MetricGenerator mg = ScenarioLoader.bind(doc, MetricGenerator.class, file.toString());
    MetricGeneratorValidator.validate(mg, file.toString(), doc.lines());
    if (mg.getMetadata().getNamespace() == null) {
      mg.getMetadata().setNamespace(namespace);
    }
    if (mg.getSpec().history != null) {
      // As the operator does at its first reconcile: the history ends now.
      MetricGeneratorStatus status = new MetricGeneratorStatus();
      status.epoch = History.epoch(mg, null, now).toString();
      mg.setStatus(status);
    }
    String existing = scrapeConfigs == null ? null : ScenarioLoader.readFile(scrapeConfigs);
    List<HasMetadata> objects;
    try {
      objects =
          new ArrayList<>(
              DesiredState.of(
                  mg, scrape.applyTo(OperatorConfig.DEFAULT, spec), ref -> null, existing));
    } catch (ScrapeConfig.UnparsableException e) {
      throw new InvalidInputException(
          new Problem(String.valueOf(scrapeConfigs), 0, "", e.getMessage()));
    }
    for (HasMetadata o : List.copyOf(objects)) {
      if (o instanceof Backfill history) {
        // What the history's Backfill yields in turn.
        objects.addAll(
            BackfillObjects.all(
                BackfillRun.of(history, mg, OperatorConfig.DEFAULT, now), OperatorConfig.DEFAULT));
      }
    }
    mg.getSpec().dashboards.stream()
        .filter(d -> d.configMapRef != null)
        .forEach(
            d ->
                spec.commandLine()
                    .getErr()
                    .printf(
                        "note: dashboard %s comes from ConfigMap %s (key %s) and is installed when"
                            + " the operator reads it%n",
                        d.name, d.configMapRef.name, d.configMapRef.key));
    return objects;
  }

  private List<HasMetadata> backfill(YamlDocument doc, Instant now) {
    Backfill bf = ScenarioLoader.bind(doc, Backfill.class, file.toString());
    BackfillValidator.validate(bf, file.toString(), doc.lines(), now);
    if (bf.getMetadata().getNamespace() == null) {
      bf.getMetadata().setNamespace(namespace);
    }
    if (bf.getSpec().metricGeneratorRef != null) {
      spec.commandLine()
          .getErr()
          .printf(
              "note: the scenario comes from MetricGenerator %s, which the operator reads; its"
                  + " ConfigMap is left out%n",
              bf.getSpec().metricGeneratorRef.name);
    }
    return BackfillObjects.all(
        BackfillRun.of(bf, null, OperatorConfig.DEFAULT, now), OperatorConfig.DEFAULT);
  }
}
