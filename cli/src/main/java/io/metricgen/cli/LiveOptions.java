package io.metricgen.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of commands that run a scenario live: watching its file, and the control API. */
final class LiveOptions {

  /** Where {@code --control} listens when given no address. */
  static final String CONTROL_DEFAULT = "127.0.0.1:9109";

  @Option(
      names = "--watch",
      description =
          "Re-read the scenario file when it changes and run the new one at once: unchanged"
              + " series run on, counters count on from their value, new series start, removed"
              + " ones go. An invalid edit is reported and the running scenario stays.")
  boolean watch;

  @Option(
      names = "--incidents",
      paramLabel = "FILE",
      description =
          "Incidents to run, a YAML list of incidents each with an id and startedAt (as the"
              + " operator writes them); watched for changes. An incident whose entry goes is"
              + " stopped.")
  Path incidents;

  @Option(
      names = "--control",
      arity = "0..1",
      fallbackValue = CONTROL_DEFAULT,
      paramLabel = "HOST:PORT",
      description =
          "Serve the control API (/api/v1/scenario, /api/v1/metrics, /api/v1/incidents) and a"
              + " page of the series at / on this address (default "
              + CONTROL_DEFAULT
              + "). Off unless given. Changes live in memory; with --watch, ?persist=true writes"
              + " them to the scenario file.")
  String control;

  @Option(
      names = "--control-token-file",
      paramLabel = "FILE",
      description =
          "Require Authorization: Bearer with the token in this file on every control request."
              + " Needed to listen on an address other than loopback.")
  Path controlTokenFile;

  /** The control API's address, or null when it is off. */
  InetSocketAddress controlAddress(CommandSpec spec) {
    if (control == null) {
      if (controlTokenFile != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--control-token-file needs --control");
      }
      return null;
    }
    InetSocketAddress address = ListenAddress.parse(control, "--control", spec);
    if (controlTokenFile == null && !loopback(address)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--control "
              + control
              + " listens beyond this machine: give --control-token-file, or listen on"
              + " 127.0.0.1");
    }
    return address;
  }

  static boolean loopback(InetSocketAddress address) {
    return address.getAddress() != null && address.getAddress().isLoopbackAddress();
  }
}
