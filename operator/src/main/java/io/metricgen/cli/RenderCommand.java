package io.metricgen.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.YamlDocument;
import io.metricgen.operator.MetricGeneratorValidator;
import io.metricgen.operator.desired.DesiredState;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.desired.ScrapeConfig;
import io.metricgen.operator.model.MetricGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen render}: the objects a MetricGenerator yields, as YAML, with no cluster. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Prints, as YAML, every object the operator would create or patch for a MetricGenerator",
      "(the scrape Secret with its new content), with no cluster: for reviewing a merge request."
    })
final class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "RESOURCE",
      description = "MetricGenerator YAML.")
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

  @Override
  public Integer call() throws Exception {
    String text = ScenarioLoader.readFile(file);
    YamlDocument doc = ScenarioLoader.read(file.toString(), text);
    MetricGenerator mg = ScenarioLoader.bind(doc, MetricGenerator.class, file.toString());
    MetricGeneratorValidator.validate(mg, file.toString(), doc.lines());
    if (mg.getMetadata().getNamespace() == null) {
      mg.getMetadata().setNamespace(namespace);
    }
    String existing = scrapeConfigs == null ? null : ScenarioLoader.readFile(scrapeConfigs);
    List<HasMetadata> objects;
    try {
      objects = DesiredState.of(mg, OperatorConfig.DEFAULT, ref -> null, existing);
    } catch (ScrapeConfig.UnparsableException e) {
      throw new InvalidInputException(
          new Problem(String.valueOf(scrapeConfigs), 0, "", e.getMessage()));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (HasMetadata o : objects) {
      String yaml = Serialization.asYaml(o);
      out.print(yaml.startsWith("---") ? yaml : "---\n" + yaml);
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
    out.flush();
    spec.commandLine().getErr().flush();
    return 0;
  }
}
