package io.metricgen.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A command run in-process, with what it wrote to stderr (its error messages and the progress and
 * retry lines that go to System.err) and to its standard output.
 */
record CliRun(int exit, String err, String out) {

  static CliRun of(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream old = System.err;
    StringWriter cliErr = new StringWriter();
    StringWriter cliOut = new StringWriter();
    int exit;
    try {
      System.setErr(new PrintStream(bytes, true));
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(cliErr, true));
      cli.setOut(new PrintWriter(cliOut, true));
      exit = cli.execute(args);
    } finally {
      System.setErr(old);
    }
    return new CliRun(exit, bytes + cliErr.toString(), cliOut.toString());
  }

  /** {@code backfill -f SCENARIO --remote-write URL} with further arguments. */
  static CliRun backfill(String scenario, String remoteWrite, String... more) {
    String[] args = new String[5 + more.length];
    args[0] = "backfill";
    args[1] = "-f";
    args[2] = scenario;
    args[3] = "--remote-write";
    args[4] = remoteWrite;
    System.arraycopy(more, 0, args, 5, more.length);
    return of(args);
  }
}
