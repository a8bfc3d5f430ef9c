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
    killedAfterAndResumed(requests, dir, SCENARIO, "rs_total", 4);
  }

  /** Native histograms with exemplars, two series: one request each a slice, as above. */
  private static final String NATIVE =
      "interval: 60s\n"
          + "metrics:\n"
          + "  - name: rn_seconds\n"
          + "    type: histogram\n"
          + "    labels: {k: [a, b]}\n"
          + "    rate: {uniform: {min: 1, max: 3}}\n"
          + "    distribution: {logNormal: {p50: 0.1, p99: 1}}\n"
          + "    native: {schema: 2}\n"
          + "    exemplars: {every: 2m}\n";

  @Test
  void nativeHistogramsAndExemplarsResumedFromALaggingCheckpointEndComplete(@TempDir Path dir)
      throws Exception {
    // Every histogram sample, and every exemplar (steps 2, 4, ... 298 of each series).
    killedAfterAndResumed(
        7, dir, NATIVE, "rn_seconds", 2, "--enable-feature=native-histograms,exemplar-storage");
  }

  /**
   * As {@link #killedAfterAndResumed(int, Path)}, for a scenario whose {@code series} series have
   * one line each, named {@code name}.
   */
  private static void killedAfterAndResumed(
      int requests, Path dir, String yaml, String name, int series, String... flags)
      throws Exception {
    CompiledScenario scenario = ScenarioLoader.compile("rs.yaml", yaml, null);
    Instant start = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    long steps = 300;
    String[] all = new String[flags.length + 1];
    all[0] = "--web.enable-remote-write-receiver";
    System.arraycopy(flags, 0, all, 1, flags.length);
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir.resolve("data"), "global:\n  scrape_interval: 1h\n", all)) {
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
      assertThat(result.samples()).isEqualTo(series * (steps - 10L * slicesDone));
      assertThat(Checkpoint.State.parse(store.content).done()).isTrue();

      var stored =
          prometheus.query(
              "count_over_time(" + name + "[7h])", start.plus(Duration.ofMinutes(steps)));
      assertThat(stored).hasSize(series);
      for (var s : stored) {
        assertThat(s.path("value").get(1).asText()).isEqualTo(String.valueOf(steps));
      }
      if (scenario.families().get(0).exemplars() != null) {
        var exemplars =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(
                    prometheus
                        .get(
                            "/api/v1/query_exemplars?query="
                                + name
                                + "&start="
                                + start.getEpochSecond()
                                + "&end="
                                + start.plus(Duration.ofMinutes(steps)).getEpochSecond())
                        .body())
                .path("data");
        assertThat(exemplars).hasSize(series);
        for (var s : exemplars) {
          assertThat(s.path("exemplars")).hasSize((int) (steps / 2 - 1));
        }
      }
    }
  }
}
