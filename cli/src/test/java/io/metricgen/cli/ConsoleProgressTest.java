package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  private long now;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void logsPlainLinesEveryTenSecondsWhenNotOnATerminal() {
    ConsoleProgress p = new ConsoleProgress(err, false, () -> now);
    now = 500_000_000L;
    p.update(1_000, 10_000_000);
    assertThat(bytes.toString()).as("nothing in the first second").isEmpty();
    now = 10_000_000_000L;
    p.update(2_500_000, 10_000_000);
    now = 15_000_000_000L;
    p.update(3_000_000, 10_000_000);
    assertThat(bytes.toString())
        .isEqualTo("progress:  25.0%  2.50M/10.00M samples  250.0k samples/s  ETA 30s\n");
  }

  @Test
  void redrawsABarOnATerminalAndEndsItsLine() {
    ConsoleProgress p = new ConsoleProgress(err, true, () -> now);
    now = 2_000_000_000L;
    p.update(5_000, 10_000);
    p.done();
    assertThat(bytes.toString())
        .isEqualTo(
            "\r[###############...............]  50.0%  5000/10.0k samples  2500 samples/s  ETA 2s"
                + "   \n");
  }
}
