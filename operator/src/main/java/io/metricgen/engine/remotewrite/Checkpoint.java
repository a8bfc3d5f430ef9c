package io.metricgen.engine.remotewrite;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where one shard of a backfill stands: every slice before {@code nextStep} is stored, and so are
 * the acknowledged batches of the slice at {@code nextStep}. Saved whole to its {@link
 * CheckpointStore} at most every {@code saveEvery} (a file after every request, a ConfigMap every 2
 * s, which bounds the API server's load), when the shard is about to wait for others, and at the
 * end: what was stored but not saved is sent again after a restart, and the receiver's "already
 * stored" answer to it is expected there ({@link Backfiller}). The identity ties the checkpoint to
 * one backfill (same scenario, range, target and batching); shards of one backfill share it.
 * Thread-safe.
 */
public final class Checkpoint {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The stored content, also read by the operator for a Backfill's progress.
   *
   * @param shard the shard's index (0 for an unsharded backfill)
   * @param samplesWritten samples stored so far
   * @param samplesTotal samples the shard writes in all (an upper bound while it runs: series the
   *     scenario leaves absent for a while write fewer; exact once it is done)
   * @param failure why the shard's last run stopped, with the receiver's own words; null while it
   *     runs or after it succeeded
   * @param permanent whether that failure is for good (the receiver refused the data): the other
   *     shards stop too, rather than wait for this one
   * @param tooOld whether the receiver refused the data as older than it takes
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(
      String identity,
      int shard,
      long originMillis,
      long endStep,
      long nextStep,
      Set<Integer> acked,
      long samplesWritten,
      long samplesTotal,
      String failure,
      boolean permanent,
      boolean tooOld) {

    /** Every step is stored. */
    public boolean done() {
      return nextStep >= endStep;
    }

    /** The content as stored; null for content that is empty (nothing stored yet). */
    public static State parse(String content) throws JsonProcessingException {
      if (content == null || content.isBlank()) {
        return null;
      }
      return JSON.readValue(content, State.class);
    }

    String write() {
      try {
        return JSON.writeValueAsString(this);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a checkpoint always serializes", e);
      }
    }
  }

  private final CheckpointStore store;
  private final String identity;
  private final int shard;
  private final long originMillis;
  private final long endStep;
  private final boolean resumed;
  private final long saveEveryNanos;
  private long nextStep;
  private final Set<Integer> acked = new TreeSet<>();
  private long samplesWritten;
  private long samplesTotal;
  private String failure;
  private boolean permanent;
  private boolean tooOld;
  private long savedAt = System.nanoTime();

  private Checkpoint(CheckpointStore store, State state, boolean resumed, Duration saveEvery) {
    this.store = store;
    this.identity = state.identity();
    this.shard = state.shard();
    this.originMillis = state.originMillis();
    this.endStep = state.endStep();
    this.nextStep = state.nextStep();
    if (state.acked() != null) {
      this.acked.addAll(state.acked());
    }
    this.samplesWritten = state.samplesWritten();
    this.samplesTotal = state.samplesTotal();
    this.resumed = resumed;
    this.saveEveryNanos = saveEvery.toNanos();
  }

  /** A checkpoint in a file, saved after every acknowledged request. */
  public static Checkpoint open(
      java.nio.file.Path file, String identity, long originMillis, long endStep) {
    return open(new FileCheckpointStore(file), identity, 0, originMillis, endStep, Duration.ZERO);
  }

  /**
   * Opens the checkpoint in {@code store}: resumes from it when it holds one, keeping the range it
   * was started with (relative times like -24h resolve differently on a rerun); otherwise starts
   * shard {@code shard} of steps [0, endStep) from {@code originMillis}.
   *
   * @param identity what the backfill's arguments were, as written (the same for every shard)
   * @throws InvalidInputException when the store holds another backfill's checkpoint, or something
   *     unreadable
   */
  public static Checkpoint open(
      CheckpointStore store,
      String identity,
      int shard,
      long originMillis,
      long endStep,
      Duration saveEvery) {
    State state = read(store);
    if (state == null) {
      Checkpoint fresh =
          new Checkpoint(
              store,
              new State(
                  identity, shard, originMillis, endStep, 0, Set.of(), 0, 0, null, false, false),
              false,
              saveEvery);
      // Saved before anything is sent: a run that dies after sending, before its first save,
      // resumes (expecting "already stored" answers) rather than start afresh.
      fresh.save();
      return fresh;
    }
    if (!identity.equals(state.identity()) || state.shard() != shard) {
      throw new InvalidInputException(
          new Problem(
              store.describe(),
              0,
              "",
              "belongs to another backfill (other scenario, range, URL, batching or shard);"
                  + " delete it to start over, or run with the arguments that wrote it"));
    }
    // A failure is history once the shard runs again.
    return new Checkpoint(
        store,
        new State(
            state.identity(),
            shard,
            state.originMillis(),
            state.endStep(),
            state.nextStep(),
            state.acked(),
            state.samplesWritten(),
            state.samplesTotal(),
            null,
            false,
            false),
        true,
        saveEvery);
  }

  /**
   * What {@code store} holds, or null when it holds nothing yet.
   *
   * @throws InvalidInputException when it holds something that is not a checkpoint
   */
  public static State read(CheckpointStore store) {
    try {
      return State.parse(store.read());
    } catch (IOException e) {
      if (e instanceof JsonProcessingException j) {
        throw new InvalidInputException(
            new Problem(
                store.describe(),
                0,
                "",
                "is not a metricgen checkpoint: " + j.getOriginalMessage()));
      }
      throw new UncheckedIOException("cannot read the checkpoint " + store.describe(), e);
    }
  }

  /** The scenario's time 0 of this backfill, in milliseconds since the epoch. */
  public long originMillis() {
    return originMillis;
  }

  /** The step the backfill ends before. */
  public long endStep() {
    return endStep;
  }

  /** Whether the backfill continues from an earlier run. */
  public boolean resumed() {
    return resumed;
  }

  public String describe() {
    return store.describe();
  }

  public synchronized long nextStep() {
    return nextStep;
  }

  public synchronized long samplesWritten() {
    return samplesWritten;
  }

  public synchronized boolean isAcked(int batch) {
    return acked.contains(batch);
  }

  /** Records what the shard writes in all: what is written so far and what remains. */
  public synchronized void expect(long remainingSamples) {
    samplesTotal = samplesWritten + remainingSamples;
  }

  /** Records that batch {@code batch} of the current slice, of {@code samples}, is stored. */
  public synchronized void ack(int batch, long samples) {
    acked.add(batch);
    samplesWritten += samples;
    saveIfDue();
  }

  /** Records that every step before {@code step} is stored. */
  public synchronized void sliceDone(long step) {
    nextStep = step;
    acked.clear();
    if (nextStep >= endStep) {
      samplesTotal = samplesWritten;
    }
    save();
  }

  private void saveIfDue() {
    if (System.nanoTime() - savedAt >= saveEveryNanos) {
      save();
    }
  }

  /**
   * Records why the shard stopped, for the other shards and the operator to read. Best effort: the
   * failure itself is what the caller reports.
   *
   * @param forGood whether running again can't help (the other shards then stop too)
   * @param old whether the receiver refused the data as older than it takes
   */
  public synchronized void fail(String why, boolean forGood, boolean old) {
    failure = why;
    permanent = forGood;
    tooOld = old;
    try {
      save();
    } catch (UncheckedIOException ignored) {
      // The store is what failed, perhaps; the caller reports the first failure.
    }
  }

  /** Removes the checkpoint: the backfill is complete. */
  public synchronized void delete() {
    try {
      store.delete();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void save() {
    State state =
        new State(
            identity,
            shard,
            originMillis,
            endStep,
            nextStep,
            new TreeSet<>(acked),
            samplesWritten,
            samplesTotal,
            failure,
            permanent,
            tooOld);
    try {
      store.write(state.write());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + store.describe(), e);
    }
    savedAt = System.nanoTime();
  }
}
