package io.metricgen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.MetricGeneratorValidator;
import io.metricgen.operator.model.MetricGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen new}: resources written for you, ready to apply. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {"Writes a resource ready to apply: new preview, for a merge request."},
    subcommands = {NewCommand.Preview.class})
final class NewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say what to write: metricgen new preview");
  }

  /**
   * {@code metricgen new preview}: the MetricGenerator of one merge request's preview, its
   * dashboards inline and the data made from their queries.
   */
  @Command(
      name = "preview",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a MetricGenerator that previews dashboards for one merge request.",
        "The dashboards go inline and their data is made from their queries (scenarioFrom:"
            + " dashboards). The resource, its dashboards' titles and uids and every object the"
            + " operator makes for it carry the preview's id, so that two merge requests share"
            + " nothing; deleting the resource (or its ttl) removes them all."
      })
  static final class Preview implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--dashboard",
        required = true,
        paramLabel = "FILE",
        description = "A Grafana dashboard JSON file under review (repeatable).")
    List<Path> dashboards = new ArrayList<>();

    @Option(
        names = "--name",
        required = true,
        description = "What the preview is of, like checkout: the resource is NAME-ID.")
    String name;

    @Option(
        names = "--preview",
        required = true,
        paramLabel = "ID",
        description = "The merge request's id, like mr-123 (letters, digits, dashes; 30 at most).")
    String id;

    @Option(
        names = {"-n", "--namespace"},
        description = "The namespace to put in the resource (default: none, kubectl's).")
    String namespace;

    @Option(
        names = "--ttl",
        defaultValue = "3d",
        description = "When everything goes if the pipeline never deletes it (default 3d).")
    String ttl;

    @Option(
        names = "--history",
        paramLabel = "DURATION",
        description =
            "History written behind the live data, so the dashboards are full at once (like"
                + " 7d; default none).")
    String history;

    @Option(
        names = "--folder",
        defaultValue = "Previews",
        description = "The Grafana folder of the dashboards (default Previews).")
    String folder;

    @Override
    public Integer call() throws IOException {
      ObjectNode mg = JsonNodeFactory.instance.objectNode();
      mg.put("apiVersion", "metricgen.io/" + MetricGenerator.VERSION);
      mg.put("kind", "MetricGenerator");
      ObjectNode metadata = mg.putObject("metadata");
      metadata.put("name", name + "-" + id.toLowerCase(Locale.ROOT));
      if (namespace != null) {
        metadata.put("namespace", namespace);
      }
      metadata.putObject("labels").put("metricgen.io/preview", id);
      ObjectNode body = mg.putObject("spec");
      body.put("ttl", ttl);
      body.putObject("preview").put("id", id);
      if (history != null) {
        body.putObject("history").put("duration", history);
      }
      body.put("scenarioFrom", "dashboards");
      var list = body.putArray("dashboards");
      List<String> names = new ArrayList<>();
      for (Path file : dashboards) {
        String json = ScenarioLoader.readFile(file);
        try {
          new ObjectMapper().readTree(json);
        } catch (IOException e) {
          throw new InvalidInputException(
              new Problem(file.toString(), 0, "", "is not JSON: " + e.getMessage()));
        }
        String dashboard = dashboardName(file, names);
        names.add(dashboard);
        list.addObject().put("name", dashboard).put("folder", folder).put("json", json);
      }
      // Written as kubectl prints YAML, as render does.
      String yaml = RenderCommand.KUBECTL_YAML.writeValueAsString(mg);
      // What the operator would refuse is refused here, with the field named.
      MetricGeneratorValidator.validate("the preview for " + id, yaml);
      spec.commandLine().getOut().print(yaml);
      spec.commandLine().getOut().flush();
      return 0;
    }

    /** The file's name as a dashboard name ([a-z0-9-]), unique among those taken. */
    private static String dashboardName(Path file, List<String> taken) {
      String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
      String name =
          stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
      if (name.isEmpty()) {
        name = "dashboard";
      }
      String unique = name;
      for (int i = 2; taken.contains(unique); i++) {
        unique = name + "-" + i;
      }
      return unique;
    }
  }
}
