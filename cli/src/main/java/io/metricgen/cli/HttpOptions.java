package io.metricgen.cli;

import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Retrier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Credentials, TLS and headers for commands that send over HTTP. Secrets never on the command line.
 */
final class HttpOptions {

  @Option(names = "--basic-auth-user", paramLabel = "USER", description = "User for basic auth.")
  String user;

  @Option(
      names = "--basic-auth-password-file",
      paramLabel = "FILE",
      description = "File holding the basic-auth password.")
  Path passwordFile;

  @Option(
      names = "--basic-auth-password-env",
      paramLabel = "VAR",
      description = "Environment variable holding the basic-auth password.")
  String passwordEnv;

  @Option(
      names = "--bearer-token-file",
      paramLabel = "FILE",
      description = "File holding a bearer token.")
  Path tokenFile;

  @Option(
      names = "--bearer-token-env",
      paramLabel = "VAR",
      description = "Environment variable holding a bearer token.")
  String tokenEnv;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "PEM CA certificates to trust for TLS.")
  Path caFile;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "Extra header on every request, such as X-Scope-OrgID=tenant-1 (repeatable).")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "Time one HTTP exchange may take, the whole reply included (default 30s): a server that"
              + " sends its headers and then stalls or trickles its body is given up on.")
  String timeout;

  @Option(
      names = "--wait-for-receiver",
      paramLabel = "DURATION",
      defaultValue = "0s",
      description =
          "How long to keep trying a receiver that can't be connected to before it has ever"
              + " answered (default 0s: a refused connection or an unknown host fails at once;"
              + " one that answered before is retried as usual).")
  String waitForReceiver;

  /** Tells the user on stderr of each retry. */
  static Retrier.Listener retryLog() {
    return (attempt, reason, wait) ->
        System.err.printf(
            "attempt %d failed (%s); retrying in %d ms%n", attempt, reason, wait.toMillis());
  }

  private java.time.Duration waitFor(CommandLine cli) {
    try {
      return io.metricgen.engine.time.Durations.parse(waitForReceiver);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--wait-for-receiver: " + e.getMessage());
    }
  }

  HttpSettings settings(CommandLine cli) {
    Map<String, String> env = System.getenv();
    HttpSettings.Builder b =
        HttpSettings.builder()
            .caFile(caFile)
            .timeout(TimeRange.positiveDuration(cli.getCommandSpec(), "--timeout", timeout))
            .firstContactWait(waitFor(cli));
    String password =
        HttpSettings.secret("--basic-auth-password-file", passwordFile, passwordEnv, env);
    String token = HttpSettings.secret("--bearer-token-file", tokenFile, tokenEnv, env);
    if (user != null && password == null) {
      throw new CommandLine.ParameterException(
          cli, "--basic-auth-user needs --basic-auth-password-file or --basic-auth-password-env");
    }
    if (user == null && password != null) {
      throw new CommandLine.ParameterException(
          cli, "a basic-auth password needs --basic-auth-user");
    }
    if (user != null && token != null) {
      throw new CommandLine.ParameterException(cli, "use basic auth or a bearer token, not both");
    }
    if (user != null) {
      b.basicAuth(user, password);
    }
    if (token != null) {
      b.bearerToken(token);
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!h.getKey().matches(HttpSettings.HEADER_NAME) || h.getValue().matches(".*[\\r\\n].*")) {
        throw new CommandLine.ParameterException(cli, "--header: invalid header " + h.getKey());
      }
      b.header(h.getKey(), h.getValue());
    }
    return b.build();
  }
}
