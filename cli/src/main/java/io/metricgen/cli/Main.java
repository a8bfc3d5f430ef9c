package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.transport.RefusedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code metricgen} command line: the scenario engine without a cluster, and the operator. */
@Command(
    name = "metricgen",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Generates Prometheus metrics from declarative scenarios.",
    subcommands = {
      ServeCommand.class,
      PushCommand.class,
      BackfillCommand.class,
      ImportCommand.class,
      QueryCommand.class,
      PreviewCommand.class,
      ExportCommand.class,
      ValidateCommand.class,
      ScaffoldCommand.class,
      VerifyCommand.class,
      TestRulesCommand.class,
      RenderCommand.class,
      NewCommand.class,
      OperatorCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime failure",
      "2:bad input (the message names file, line and field)",
      "3:the receiver refused the data for good (running again won't help)",
      "4:a check failed: a panel without data (verify), an alert test (test-rules)",
      "5:a check could not run: promtool is not on the PATH (test-rules without --no-run)"
    })
public final class Main {

  /** Exit code for a failure while running (network, disk). */
  public static final int RUNTIME_FAILURE = 1;

  /** Exit code for input that can't be used: arguments, scenario files. */
  public static final int BAD_INPUT = 2;

  /** Exit code for data the receiver refused for good: a Job must not retry it. */
  public static final int REFUSED = 3;

  /** Exit code for a check that found what it looks for missing: an empty panel, a rule test. */
  public static final int CHECK_FAILED = 4;

  /** Exit code for a check that could not run at all (test-rules without promtool). */
  public static final int NOT_CHECKED = 5;

  public static void main(String[] args) {
    // One logging facade: what logs through java.util.logging (the JDK's HTTP client, libraries)
    // goes through SLF4J too, where the CLI's configuration (warnings and errors) applies.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; for tests and for {@link #main}. */
  public static int run(String... args) {
    try {
      return commandLine().execute(args);
    } catch (StackOverflowError e) {
      System.err.println(
          "error: the input nests deeper than metricgen reads here (a stack overflow); please"
              + " report the input that did it");
      return RUNTIME_FAILURE;
    } catch (OutOfMemoryError e) {
      System.err.println(
          "error: out of memory ("
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MiB of heap); give the JVM more (java -Xmx, or JAVA_TOOL_OPTIONS=-Xmx...) or"
              + " use fewer series");
      return RUNTIME_FAILURE;
    }
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.registerConverter(java.net.URI.class, Main::url);
    cli.setExecutionExceptionHandler(Main::handle);
    cli.setParameterExceptionHandler(Main::badArguments);
    return cli;
  }

  /** A URL option's value: written with its scheme, or the sentence that says how. */
  static java.net.URI url(String text) {
    // host:port without a scheme (127.0.0.1:9091, localhost:9091, which Java would even read as
    // a URL of scheme "localhost").
    if (text.matches("[A-Za-z0-9.\\-]+:[0-9]+(/.*)?")) {
      throw new CommandLine.TypeConversionException(
          "\"" + text + "\" is no URL: write it with its scheme, like http://" + text);
    }
    try {
      return new java.net.URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new CommandLine.TypeConversionException(
          "\"" + text + "\" is no URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
    }
  }

  /**
   * Bad arguments: the one sentence that says what is wrong and where to read more, exit 2; the
   * whole usage only when asked for (it buried the sentence under 50 lines).
   */
  private static int badArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("error: " + e.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println(
          "(see: metricgen "
              + (cli.getCommandName().equals("metricgen") ? "" : cli.getCommandName() + " ")
              + "--help)");
    }
    err.flush();
    return BAD_INPUT;
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof InvalidInputException invalid) {
      for (Problem p : invalid.problems()) {
        err.println("error: " + p);
      }
      err.flush();
      return BAD_INPUT;
    }
    if (e instanceof CommandLine.ParameterException p) {
      err.println("error: " + p.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    int code = e instanceof RefusedException ? REFUSED : RUNTIME_FAILURE;
    if (System.getenv("METRICGEN_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The version of the build, which Maven writes into version.properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"metricgen " + version()};
    }

    static String version() {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (java.io.IOException e) {
        // Unreadable: the build is unknown.
      }
      String v = p.getProperty("version", "");
      return v.isEmpty() || v.startsWith("${") ? "(version unknown: built without Maven)" : v;
    }
  }
}
