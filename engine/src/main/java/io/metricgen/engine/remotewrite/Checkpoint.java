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
import java.util.ArrayList;
import java.util.List;
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
public final class Checkpoint implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How far a range written relative to now may have moved between the run that wrote a checkpoint
   * and the one that resumes it: a checkpoint older than this is taken as corrupt or another run's.
   */
  public static final Duration MAX_DRIFT = Duration.ofDays(30);

  /**
   * The range a run's arguments describe, resolved now, which a stored checkpoint must fit.
   *
   * <p>A bound written as a time (2026-11-10T00:00:00Z) resolves the same on every run, so the
   * checkpoint's must equal it. A bound written relative to now (-24h, now) resolved earlier, when
   * the checkpoint was started: the checkpoint's may be earlier by up to {@link #MAX_DRIFT}, by the
   * same amount for both bounds when both are relative.
   *
   * @param endMillis the end, exclusive; the steps are {@code ceil((end - origin) / interval)}
   */
  public record Range(
      long originMillis,
      long endMillis,
      long intervalMillis,
      boolean startRelative,
      boolean endRelative) {

    public Range {
      if (intervalMillis < 1 || endMillis <= originMillis) {
        throw new IllegalArgumentException("an empty range or interval");
      }
    }

    /** Exactly these steps from this origin, whatever the run that wrote the checkpoint. */
    public static Range exact(long originMillis, long endStep) {
      return new Range(originMillis, originMillis + endStep, 1, false, false);
    }

    /** The steps from the origin to the end. */
    public long endStep() {
      return steps(originMillis);
    }

    long steps(long from) {
      return Math.floorDiv(endMillis - from + intervalMillis - 1, intervalMillis);
    }
  }

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
   * @param digest SHA-256 of the other fields as this class writes them: a checkpoint edited by
   *     hand, cut short or garbled no longer matches it (null in checkpoints of earlier versions,
   *     which get the field checks only)
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
      boolean tooOld,
      String digest) {

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

    /** The content with its digest, as saved. */
    String write() {
      State signed = withDigest(computeDigest());
      try {
        return JSON.writeValueAsString(signed);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a checkpoint always serializes", e);
      }
    }

    /** The digest the fields other than {@code digest} call for. */
    String computeDigest() {
      State unsigned = withDigest(null);
      try {
        byte[] text = JSON.writeValueAsBytes(unsigned);
        return java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text));
      } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("a checkpoint always serializes", e);
      }
    }

    State withDigest(String d) {
      return new State(
          identity,
          shard,
          originMillis,
          endStep,
          nextStep,
          acked == null ? null : new TreeSet<>(acked),
          samplesWritten,
          samplesTotal,
          failure,
          permanent,
          tooOld,
          d);
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
  private CheckpointStore.Lock lock;

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
    return open(store, identity, shard, Range.exact(originMillis, endStep), saveEvery);
  }

  /**
   * Opens the checkpoint in {@code store} for the run whose arguments describe {@code range}, and
   * holds the store's lock until {@link #close}: a second process on the same checkpoint is refused
   * at once.
   *
   * @throws InvalidInputException when the store holds another backfill's checkpoint, one whose
   *     fields don't fit {@code range} (corrupt, edited, or another run's), something unreadable,
   *     or is locked by another process
   */
  public static Checkpoint open(
      CheckpointStore store, String identity, int shard, Range range, Duration saveEvery) {
    CheckpointStore.Lock lock = store.lock();
    try {
      Checkpoint opened = openLocked(store, identity, shard, range, saveEvery);
      opened.lock = lock;
      return opened;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Checkpoint openLocked(
      CheckpointStore store, String identity, int shard, Range range, Duration saveEvery) {
    State state = read(store);
    if (state == null) {
      Checkpoint fresh =
          new Checkpoint(
              store,
              new State(
                  identity,
                  shard,
                  range.originMillis(),
                  range.endStep(),
                  0,
                  Set.of(),
                  0,
                  0,
                  null,
                  false,
                  false,
                  null),
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
    List<Problem> problems = problems(store.describe(), state, range);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
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
            false,
            null),
        true,
        saveEvery);
  }

  /**
   * What in {@code state} (stored at {@code where}) doesn't fit the run {@code range} describes:
   * the range (origin and end step, see {@link Range}), a next step within it, acknowledged batches
   * and sample counts that can be.
   */
  static List<Problem> problems(String where, State state, Range range) {
    List<Problem> out = new ArrayList<>();
    if (state.digest() != null && !state.digest().equals(state.computeDigest())) {
      out.add(problem(where, "digest", "does not match the other fields (edited or garbled)"));
      return out;
    }
    long origin = state.originMillis();
    long drift = range.originMillis() - origin;
    boolean originFits =
        range.startRelative() ? drift >= 0 && drift <= MAX_DRIFT.toMillis() : drift == 0;
    if (!originFits) {
      out.add(
          problem(
              where,
              "originMillis",
              origin
                  + " ("
                  + time(origin)
                  + (range.startRelative()
                      ? ") is not within " + MAX_DRIFT.toDays() + " days before the start"
                      : ") is not the start")
                  + " the arguments give ("
                  + time(range.originMillis())
                  + ")"));
    }
    long endStep = state.endStep();
    if (out.isEmpty()) {
      // The end the checkpoint's run resolved: the same length when both bounds move together,
      // the same end when the end is a time, an end no later than now's otherwise.
      long expected =
          range.startRelative() == range.endRelative()
              ? range.endStep()
              : range.endRelative() ? -1 : range.steps(origin);
      if (expected >= 0 && endStep != expected) {
        out.add(
            problem(
                where,
                "endStep",
                endStep + " is not the " + expected + " steps the arguments give"));
      } else if (expected < 0
          && (endStep < 1
              || endStep > range.steps(origin)
              || endStep < range.steps(origin) - MAX_DRIFT.toMillis() / range.intervalMillis())) {
        out.add(
            problem(
                where,
                "endStep",
                endStep
                    + " is not within the "
                    + range.steps(origin)
                    + " steps the arguments give now, less at most "
                    + MAX_DRIFT.toDays()
                    + " days"));
      }
    }
    if (state.nextStep() < 0 || state.nextStep() > endStep) {
      out.add(problem(where, "nextStep", state.nextStep() + " is outside [0, " + endStep + "]"));
    }
    if (state.acked() != null) {
      for (Integer batch : state.acked()) {
        if (batch == null || batch < 0) {
          out.add(problem(where, "acked", "holds " + batch + ", not a batch's number"));
          break;
        }
      }
    }
    if (state.samplesWritten() < 0) {
      out.add(problem(where, "samplesWritten", state.samplesWritten() + " is negative"));
    }
    if (state.samplesTotal() < 0) {
      out.add(problem(where, "samplesTotal", state.samplesTotal() + " is negative"));
    }
    return out;
  }

  private static Problem problem(String where, String field, String why) {
    return new Problem(
        where,
        0,
        field,
        why
            + ": the checkpoint is corrupt or from another run; delete it to start over (what was"
            + " written stays), or run with the arguments that wrote it");
  }

  private static String time(long millis) {
    try {
      return java.time.Instant.ofEpochMilli(millis).toString();
    } catch (java.time.DateTimeException e) {
      return "out of range";
    }
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
      throw new UncheckedIOException(
          "cannot read the checkpoint " + store.describe() + ": " + e.getMessage(), e);
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

  /** Lets another process open the checkpoint. */
  @Override
  public synchronized void close() {
    if (lock != null) {
      lock.close();
      lock = null;
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
            tooOld,
            null);
    try {
      store.write(state.write());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the checkpoint " + store.describe() + ": " + e.getMessage(), e);
    }
    savedAt = System.nanoTime();
  }
}
