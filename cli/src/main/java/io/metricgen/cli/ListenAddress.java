package io.metricgen.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A {@code HOST:PORT} option value, as {@code serve} and {@code operator} take it. */
final class ListenAddress {

  private ListenAddress() {}

  static InetSocketAddress parse(String value, String option, CommandSpec spec) {
    int colon = value.lastIndexOf(':');
    try {
      if (colon < 0) {
        throw new NumberFormatException();
      }
      String host = value.substring(0, colon);
      int port = Integer.parseInt(value.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": expected HOST:PORT like 127.0.0.1:9100, got " + value);
    }
  }
}
