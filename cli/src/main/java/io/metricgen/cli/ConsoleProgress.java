package io.metricgen.cli;

import io.metricgen.engine.exposition.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a long command has come on stderr: a redrawn bar on a terminal, a plain line every
 * ten seconds otherwise (CI logs), nothing for work that ends within a second.
 */
final class ConsoleProgress implements Progress {

  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long started;
  private long lastDraw;
  private boolean drewBar;

  ConsoleProgress(PrintStream err, boolean terminal, LongSupplier nanoClock) {
    this.err = err;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.started = nanoClock.getAsLong();
    this.lastDraw = started;
  }

  static ConsoleProgress forStderr() {
    return new ConsoleProgress(System.err, System.console() != null, System::nanoTime);
  }

  @Override
  public synchronized void update(long done, long total) {
    long now = nanoClock.getAsLong();
    long every = terminal ? 200_000_000L : 10_000_000_000L;
    if (now - lastDraw < every || now - started < 1_000_000_000L) {
      return;
    }
    lastDraw = now;
    double seconds = (now - started) / 1e9;
    double rate = done / seconds;
    double fraction = total == 0 ? 1 : (double) done / total;
    String eta = rate > 0 ? String.format(Locale.ROOT, "%.0fs", (total - done) / rate) : "?";
    String stats =
        String.format(
            Locale.ROOT,
            "%5.1f%%  %s/%s samples  %s samples/s  ETA %s",
            fraction * 100,
            human(done),
            human(total),
            human((long) rate),
            eta);
    if (terminal) {
      int width = 30;
      int filled = (int) Math.round(fraction * width);
      err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + stats + "   ");
      drewBar = true;
    } else {
      err.println("progress: " + stats);
    }
    err.flush();
  }

  /** Ends the bar's line so that what follows starts on a fresh one. */
  synchronized void done() {
    if (drewBar) {
      err.println();
    }
  }

  static String human(long n) {
    if (n >= 1_000_000) {
      return String.format(Locale.ROOT, "%.2fM", n / 1e6);
    }
    if (n >= 10_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }
}
