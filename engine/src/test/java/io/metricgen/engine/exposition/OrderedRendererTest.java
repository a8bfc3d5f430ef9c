package io.metricgen.engine.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;

class OrderedRendererTest {

  /**
   * Many small tasks of uneven length on more threads than cores: every task is written once, in
   * order, and the run ends (a worker waiting for a place while holding a task number once hung
   * it).
   */
  @RepeatedTest(5)
  void writesEveryTaskInOrderAndNeverHangs() {
    int count = 20_000;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long samples =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                OrderedRenderer.run(
                    4,
                    count,
                    (i, writer) -> {
                      if (ThreadLocalRandom.current().nextInt(50) == 0) {
                        Thread.yield();
                      }
                      writer.ascii(i + "\n");
                      return 1;
                    },
                    out,
                    ExpositionFormat.TEXT,
                    Progress.NONE));
    assertThat(samples).isEqualTo(count);
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(lines[i]).isEqualTo(Integer.toString(i));
    }
  }

  /** A task that fails ends the run with its failure, after the tasks before it are written. */
  @RepeatedTest(3)
  void aFailingTaskEndsTheRunWithItsFailure() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () ->
                        OrderedRenderer.run(
                            3,
                            1_000,
                            (i, writer) -> {
                              if (i == 500) {
                                throw new java.io.IOException("disk full at 500");
                              }
                              writer.ascii(i + "\n");
                              return 1;
                            },
                            out,
                            ExpositionFormat.TEXT,
                            Progress.NONE)))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("disk full at 500");
    String[] lines = out.toString().split("\n");
    assertThat(lines.length).isGreaterThanOrEqualTo(500);
    assertThat(lines[499]).isEqualTo("499");
  }
}
