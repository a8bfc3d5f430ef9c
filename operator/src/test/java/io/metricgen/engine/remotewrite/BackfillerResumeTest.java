package io.metricgen.engine.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Retrier;
import io.metricgen.testing.PrometheusServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint saved now and then (as a ConfigMap is) lags what is stored: a run that dies resumes
 * from an older point and sends several slices again, which a real Prometheus refuses as out of
 * order. Those refusals are taken as stored until the receiver accepts something, and the data ends
 * complete.
 */
class BackfillerResumeTest {

  private static final String SCENARIO =
      "interval: 60s\n"
          + "metrics:\n"
          + "  - name: rs_total\n"
          + "    type: counter\n"
          + "    labels: {k: [a, b, c, d]}\n"
          + "    rate: {uniform: {min: 1, max: 3}}\n";

  /** A store in memory that counts its writes. */
  static final class MemoryStore implements CheckpointStore {
    String content;
    final List<String> writes = new ArrayList<>();

    @Override
    public String describe() {
      return "memory";
    }

    @Override
    public String read() {
      return content;
    }

    @Override
    public void write(String c) {
      content = c;
      writes.add(c);
    }

    @Override
    public void delete() {
      content = null;
    }
  }

  @Test
  void aRunResumedFromALaggingCheckpointSendsBatchesAgainAndEndsComplete(@TempDir Path dir)
      throws Exception {
    killedAfterAndResumed(7, dir);
  }

  @Test
  void aRunThatDiesBeforeItsFirstSliceEndsResumesRatherThanStartsAfresh(@TempDir Path dir)
      throws Exception {
    killedAfterAndResumed(1, dir);
  }

  /**
   * A run that dies after {@code requests} requests (2 a slice), then a run resumed from its
   * checkpoint, into a real Prometheus: every sample ends stored.
   */
  private static void killedAfterAndResumed(int requests, Path dir) throws Exception {
    CompiledScenario scenario = ScenarioLoader.compile("rs.yaml", SCENARIO, null);
    Instant start = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    long steps = 300;
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"),
            "global:\n  scrape_interval: 1h\n",
            "--web.enable-remote-write-receiver")) {
      RemoteWriteClient client =
          new RemoteWriteClient(
              URI.create(prometheus.url() + "/api/v1/write"),
              HttpSettings.builder().build(),
              Retrier.standard((a, r, w) -> {}));
      // Slices of 10 steps, 2 requests a slice (2 series of 10 samples each).
      Backfiller.Options options = new Backfiller.Options(20, 10, 1);
      MemoryStore store = new MemoryStore();

      // The first run saves acknowledgements rarely (not at all here), and dies: its last
      // request is stored but not saved.
      Checkpoint first =
          Checkpoint.open(store, "id", 0, start.toEpochMilli(), steps, Duration.ofHours(1));
      AtomicInteger sent = new AtomicInteger();
      assertThatThrownBy(
              () ->
                  new Backfiller(
                          scenario,
                          request -> {
                            if (sent.incrementAndGet() > requests) {
                              throw new IllegalStateException("killed");
                            }
                            client.writeEncoded(request);
                          },
                          options,
                          Progress.NONE)
                      .run(first))
          .hasMessage("killed");
      // Saved when opened and at the end of each slice, not after the acknowledged request of
      // the slice it died in.
      int slicesDone = (requests - 1) / 2;
      assertThat(store.writes).hasSize(1 + slicesDone);
      assertThat(Checkpoint.State.parse(store.content).nextStep()).isEqualTo(10L * slicesDone);
      assertThat(Checkpoint.State.parse(store.content).acked()).isEmpty();

      Checkpoint second =
          Checkpoint.open(store, "id", 0, start.toEpochMilli(), steps, Duration.ofHours(1));
      assertThat(second.resumed()).isTrue();
      Backfiller.Result result =
          new Backfiller(scenario, client::writeEncoded, options, Progress.NONE).run(second);
      // Counted as written: the rest, with the request sent again and found stored.
      assertThat(result.samples()).isEqualTo(4 * (steps - 10L * slicesDone));
      assertThat(Checkpoint.State.parse(store.content).done()).isTrue();

      var stored =
          prometheus.query("count_over_time(rs_total[7h])", start.plus(Duration.ofMinutes(steps)));
      assertThat(stored).hasSize(4);
      for (var series : stored) {
        assertThat(series.path("value").get(1).asText()).isEqualTo(String.valueOf(steps));
      }
    }
  }
}
