package io.metricgen.engine.remotewrite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a backfill stands, in a file: every slice before {@code nextStep} is stored, and so are the
 * acknowledged batches of the slice at {@code nextStep}. Written atomically (a temporary file and a
 * rename) after every acknowledged request, so a backfill killed at any moment resumes with nothing
 * lost. The identity ties the file to one backfill: same scenario, range, target and batching.
 * Thread-safe.
 */
public final class Checkpoint {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The file's content. */
  record State(
      String identity, long originMillis, long endStep, long nextStep, Set<Integer> acked) {}

  private final Path file;
  private final String identity;
  private final long originMillis;
  private final long endStep;
  private long nextStep;
  private final Set<Integer> acked = new TreeSet<>();
  private final boolean resumed;

  private Checkpoint(
      Path file,
      String identity,
      long originMillis,
      long endStep,
      long nextStep,
      Set<Integer> acked,
      boolean resumed) {
    this.file = file;
    this.identity = identity;
    this.originMillis = originMillis;
    this.endStep = endStep;
    this.nextStep = nextStep;
    this.acked.addAll(acked);
    this.resumed = resumed;
  }

  /**
   * Opens {@code file}: resumes from it when it exists, keeping the range it was started with
   * (relative times like -24h resolve differently on a rerun); otherwise starts a backfill of steps
   * [0, endStep) from {@code originMillis}.
   *
   * @param identity what the backfill's arguments were, as written
   * @throws InvalidInputException when the file belongs to another backfill or is unreadable
   */
  public static Checkpoint open(Path file, String identity, long originMillis, long endStep) {
    if (!Files.exists(file)) {
      return new Checkpoint(file, identity, originMillis, endStep, 0, Set.of(), false);
    }
    State state;
    try {
      state = JSON.readValue(file.toFile(), State.class);
    } catch (IOException e) {
      throw new InvalidInputException(
          new Problem(file.toString(), 0, "", "is not a metricgen checkpoint: " + e.getMessage()));
    }
    if (!identity.equals(state.identity())) {
      throw new InvalidInputException(
          new Problem(
              file.toString(),
              0,
              "",
              "belongs to another backfill (other scenario, range, URL or batching); delete it to"
                  + " start over, or run with the arguments that wrote it"));
    }
    return new Checkpoint(
        file,
        identity,
        state.originMillis(),
        state.endStep(),
        state.nextStep(),
        state.acked(),
        true);
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

  public synchronized long nextStep() {
    return nextStep;
  }

  public synchronized boolean isAcked(int batch) {
    return acked.contains(batch);
  }

  /** Records that batch {@code batch} of the current slice is stored. */
  public synchronized void ack(int batch) {
    acked.add(batch);
    save();
  }

  /** Records that every step before {@code step} is stored. */
  public synchronized void sliceDone(long step) {
    nextStep = step;
    acked.clear();
    save();
  }

  /** Removes the file: the backfill is complete. */
  public synchronized void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void save() {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Path tmp = parent.resolve(file.getFileName() + ".tmp");
      JSON.writeValue(
          tmp.toFile(), new State(identity, originMillis, endStep, nextStep, new TreeSet<>(acked)));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + file, e);
    }
  }
}
