package io.metricgen.cli;

import io.metricgen.engine.transport.Endpoints;
import io.metricgen.engine.transport.Responses;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of options that picocli's types don't make, as bad input (exit 2) naming the option. */
final class Arguments {

  private Arguments() {}

  /** {@code uri} when it is a URL metricgen sends to ({@link Endpoints}). */
  static URI endpoint(CommandSpec spec, String option, URI uri, boolean pushgatewayBase) {
    String problem = uri == null ? null : Endpoints.problem(uri.toString(), pushgatewayBase);
    if (problem != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + problem);
    }
    return uri;
  }

  /** A file to be written: its directory must exist (nothing creates directories unasked). */
  static void fileToWrite(CommandSpec spec, String option, Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          option
              + ": cannot write "
              + file
              + ", since the directory "
              + parent
              + " does not exist; create it, or name a file in one that does");
    }
    if (Files.isDirectory(file)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": " + file + " is a directory; name a file");
    }
  }

  /**
   * {@code labels} when each is a label as Kubernetes takes it, else bad input naming the option.
   */
  static Map<String, String> kubernetesLabels(
      CommandSpec spec, String option, Map<String, String> labels) {
    for (Map.Entry<String, String> l : labels.entrySet()) {
      if (!l.getKey().matches("^([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
          || !l.getValue().matches("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
          || l.getValue().length() > 63) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            option
                + ": not a Kubernetes label: "
                + Responses.printable(l.getKey())
                + "="
                + Responses.printable(l.getValue()));
      }
    }
    return labels;
  }
}
