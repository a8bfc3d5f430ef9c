package io.metricgen.engine.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.remotewrite.prompb.Sample;
import io.metricgen.engine.remotewrite.prompb.TimeSeries;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import io.metricgen.engine.series.CompiledScenario;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A checkpoint mutated at random, one field to an edge or random value, is refused, or resumes a
 * run that writes only inside the range the arguments give, ends (within a bound), and leaves no
 * step of it unwritten: from its digest when the mutation left it unsigned, from the field checks
 * when it was signed again (as a foreign or buggy writer would).
 */
class CheckpointPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CompiledScenario SCENARIO =
      ScenarioLoader.compile(
          "cp.yaml",
          "interval: 60s\n"
              + "metrics:\n"
              + "  - name: cp_gauge\n"
              + "    type: gauge\n"
              + "    labels: {k: [a, b, c]}\n"
              + "    value: {constant: 1}\n",
          null);
  private static final long INTERVAL = 60_000;
  private static final long ORIGIN = 1_796_083_200_000L;
  private static final long STEPS = 40;
  private static final int SERIES = 3;
  // Slices of 5 steps, one series (5 samples) a request: 3 requests a slice, 24 in all.
  private static final Backfiller.Options OPTIONS = new Backfiller.Options(5, 5, 1);
  private static final Checkpoint.Range RANGE =
      new Checkpoint.Range(ORIGIN, ORIGIN + STEPS * INTERVAL, INTERVAL, false, false);

  private static final String[] FIELDS = {
    "identity",
    "shard",
    "originMillis",
    "endStep",
    "nextStep",
    "acked",
    "samplesWritten",
    "samplesTotal",
    "digest"
  };

  @Provide
  Arbitrary<Long> values() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            -1L,
            0L,
            1L,
            -5L,
            STEPS - 1,
            STEPS,
            STEPS + 1,
            10L,
            1_000_000_000L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            (long) Integer.MAX_VALUE + 1,
            ORIGIN,
            ORIGIN - INTERVAL,
            ORIGIN + INTERVAL,
            ORIGIN - 86_400_000L),
        Arbitraries.longs().between(-100, 100),
        Arbitraries.longs());
  }

  @Property(tries = 300)
  void aMutatedCheckpointIsRefusedOrWritesOnlyTheRangeAndAllOfIt(
      @ForAll @IntRange(min = 0, max = 26) int killedAfter,
      @ForAll @IntRange(min = 0, max = 8) int field,
      @ForAll("values") long value,
      @ForAll boolean signAgain)
      throws Exception {
    BackfillerResumeTest.MemoryStore store = new BackfillerResumeTest.MemoryStore();
    Map<String, Set<Long>> written = new HashMap<>();
    int[] sent = {0};
    try (Checkpoint first = Checkpoint.open(store, "id", 0, RANGE, Duration.ZERO)) {
      new Backfiller(
              SCENARIO,
              request -> {
                if (sent[0]++ >= killedAfter) {
                  throw new IllegalStateException("killed");
                }
                record(request, written);
              },
              OPTIONS,
              Progress.NONE)
          .run(first);
    } catch (IllegalStateException killed) {
      // The first run died after killedAfter requests.
    }

    ObjectNode node = (ObjectNode) JSON.readTree(store.content);
    String name = FIELDS[field];
    switch (name) {
      case "identity", "digest" -> node.put(name, Long.toHexString(value));
      case "acked" -> node.putArray(name).add(value);
      default -> node.put(name, value);
    }
    store.content = node.toString();
    if (signAgain) {
      try {
        Checkpoint.State state = Checkpoint.State.parse(store.content);
        store.content = JSON.writeValueAsString(state.withDigest(state.computeDigest()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
        // A value the field can't hold (an int field given a long): refused below, as it is.
      }
    }
    long claimed = JSON.readTree(store.content).path("nextStep").asLong();
    boolean claimsBatches = !JSON.readTree(store.content).path("acked").isEmpty();

    Checkpoint second;
    try {
      second = Checkpoint.open(store, "id", 0, RANGE, Duration.ZERO);
    } catch (InvalidInputException refused) {
      return;
    }
    Map<String, Set<Long>> resumed = new HashMap<>();
    try (second) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              new Backfiller(SCENARIO, r -> record(r, resumed), OPTIONS, Progress.NONE)
                  .run(second));
      assertThat(second.nextStep()).isEqualTo(STEPS);
    }
    for (Set<Long> steps : resumed.values()) {
      for (long step : steps) {
        assertThat(step).as("a step written").isBetween(0L, STEPS - 1);
      }
    }
    // Signed again, the checkpoint is trusted as to what was written before its next step (and
    // the batches it says are acknowledged in that slice); the rest of the range is written now.
    // Unsigned, it was taken only as it was saved: all of the range is written in the two runs.
    // Either way, what the second run writes lies in the range.
    long from = !signAgain ? 0 : Math.max(0, claimed) + (claimsBatches ? OPTIONS.sliceSteps() : 0);
    assertThat(resumed.keySet()).isSubsetOf("k=a", "k=b", "k=c");
    for (int s = 0; s < SERIES; s++) {
      String series = "k=" + (char) ('a' + s);
      Set<Long> all = new TreeSet<>(resumed.getOrDefault(series, Set.of()));
      all.addAll(written.getOrDefault(series, Set.of()));
      for (long step = from; step < STEPS; step++) {
        assertThat(all).as(series + " at step " + step).contains(step);
      }
    }
  }

  /** The steps of each series' samples in an encoded request, keyed by its k label. */
  private static void record(byte[] request, Map<String, Set<Long>> out) {
    try {
      for (TimeSeries ts : WriteRequest.parseFrom(request).getTimeseriesList()) {
        String k =
            ts.getLabelsList().stream()
                .filter(l -> l.getName().equals("k"))
                .findFirst()
                .orElseThrow()
                .getValue();
        for (Sample sample : ts.getSamplesList()) {
          long offset = sample.getTimestamp() - ORIGIN;
          assertThat(offset % INTERVAL).as("a timestamp on a step").isZero();
          out.computeIfAbsent("k=" + k, x -> new TreeSet<>()).add(Math.floorDiv(offset, INTERVAL));
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
