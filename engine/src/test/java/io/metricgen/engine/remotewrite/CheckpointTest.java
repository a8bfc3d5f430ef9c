package io.metricgen.engine.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored checkpoint is checked against the run its arguments describe before anything is sent:
 * the reproducers of a corrupt or hand-edited checkpoint (a next step far past the end or before
 * the start, an end step short of the range, an origin in 1970) are refused with the field named;
 * one process at a time uses a checkpoint file.
 */
class CheckpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  // 2026-12-01T00:00:00Z, 4 days of 60-second steps.
  private static final long ORIGIN = 1_796_083_200_000L;
  private static final long STEPS = 5760;
  private static final Checkpoint.Range RANGE = Checkpoint.Range.exact(ORIGIN, STEPS);

  /** The checkpoint a run leaves after 120 steps, then {@code field} set to {@code value}. */
  private static BackfillerResumeTest.MemoryStore stored(String field, long value)
      throws Exception {
    BackfillerResumeTest.MemoryStore store = new BackfillerResumeTest.MemoryStore();
    try (Checkpoint c = Checkpoint.open(store, "id", 0, RANGE, Duration.ZERO)) {
      c.sliceDone(120);
    }
    ObjectNode node = (ObjectNode) JSON.readTree(store.content);
    node.put(field, value);
    // As the reproducers are: a checkpoint of an earlier version, without a digest.
    node.remove("digest");
    store.content = node.toString();
    return store;
  }

  private static List<Problem> refused(BackfillerResumeTest.MemoryStore store) {
    try {
      Checkpoint.open(store, "id", 0, RANGE, Duration.ZERO).close();
    } catch (InvalidInputException e) {
      return e.problems();
    }
    throw new AssertionError("opened");
  }

  @Test
  void aNextStepPastTheEndIsRefusedRatherThanFastForwardedForMinutes() throws Exception {
    List<Problem> problems = refused(stored("nextStep", 1_000_000_000L));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).toString())
        .contains("memory: nextStep: 1000000000 is outside [0, 5760]")
        .contains("corrupt or from another run")
        .contains("delete it to start over");
  }

  @Test
  void aNegativeNextStepIsRefusedRatherThanWrittenBeforeTheStart() throws Exception {
    assertThat(refused(stored("nextStep", -5)).get(0).toString())
        .contains("nextStep: -5 is outside [0, 5760]");
  }

  @Test
  void anEndStepShortOfTheRangeIsRefusedRatherThanCalledDone() throws Exception {
    assertThat(refused(stored("endStep", 10)).get(0).toString())
        .contains("endStep: 10 is not the 5760 steps the arguments give");
  }

  @Test
  void anOriginOtherThanTheStartIsRefusedRatherThanWrittenFrom1970() throws Exception {
    assertThat(refused(stored("originMillis", 0)).get(0).toString())
        .contains("originMillis: 0 (1970-01-01T00:00:00Z) is not the start the arguments give")
        .contains("2026-12-01T00:00:00Z");
  }

  @Test
  void negativeCountsAreRefused() throws Exception {
    assertThat(refused(stored("samplesWritten", -1)).get(0).field()).isEqualTo("samplesWritten");
    assertThat(refused(stored("samplesTotal", -1)).get(0).field()).isEqualTo("samplesTotal");
  }

  @Test
  void aCheckpointEditedByHandNoLongerMatchesItsDigest() throws Exception {
    BackfillerResumeTest.MemoryStore store = new BackfillerResumeTest.MemoryStore();
    try (Checkpoint c = Checkpoint.open(store, "id", 0, RANGE, Duration.ZERO)) {
      c.sliceDone(120);
    }
    // Within the range, so the field checks alone would take it: 5,000 steps never written.
    store.content = store.content.replace("\"nextStep\":120", "\"nextStep\":5120");
    List<Problem> problems = refused(store);
    assertThat(problems).extracting(Problem::field).containsExactly("digest");
    assertThat(problems.get(0).toString()).contains("edited or garbled");
  }

  @Test
  void aCheckpointAsSavedResumesWhereItStood() throws Exception {
    BackfillerResumeTest.MemoryStore store = new BackfillerResumeTest.MemoryStore();
    try (Checkpoint c = Checkpoint.open(store, "id", 0, RANGE, Duration.ZERO)) {
      c.ack(0, 10);
      c.sliceDone(120);
    }
    try (Checkpoint c = Checkpoint.open(store, "id", 0, RANGE, Duration.ZERO)) {
      assertThat(c.resumed()).isTrue();
      assertThat(c.nextStep()).isEqualTo(120);
      assertThat(c.samplesWritten()).isEqualTo(10);
    }
  }

  @Test
  void aRangeRelativeToNowResumesTheRangeItStartedWithWithinThirtyDays() throws Exception {
    long interval = 60_000;
    // Started with --start -4d --end now a day ago; run again today.
    long day = 86_400_000L;
    Checkpoint.Range then = new Checkpoint.Range(ORIGIN, ORIGIN + 4 * day, interval, true, true);
    Checkpoint.Range now =
        new Checkpoint.Range(ORIGIN + day, ORIGIN + 5 * day, interval, true, true);
    BackfillerResumeTest.MemoryStore store = new BackfillerResumeTest.MemoryStore();
    try (Checkpoint c = Checkpoint.open(store, "id", 0, then, Duration.ZERO)) {
      c.sliceDone(120);
    }
    try (Checkpoint c = Checkpoint.open(store, "id", 0, now, Duration.ZERO)) {
      assertThat(c.originMillis()).isEqualTo(ORIGIN);
      assertThat(c.endStep()).isEqualTo(STEPS);
    }
    // Forty days on, or a start later than now's, it is not this run's.
    Checkpoint.Range late =
        new Checkpoint.Range(ORIGIN + 40 * day, ORIGIN + 44 * day, interval, true, true);
    assertThatThrownBy(() -> Checkpoint.open(store, "id", 0, late, Duration.ZERO))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("originMillis")
        .hasMessageContaining("not within 30 days before the start");
    Checkpoint.Range earlier =
        new Checkpoint.Range(ORIGIN - day, ORIGIN + 3 * day, interval, true, true);
    assertThatThrownBy(() -> Checkpoint.open(store, "id", 0, earlier, Duration.ZERO))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("originMillis");
  }

  @Test
  void aSecondProcessOnTheSameCheckpointFileIsRefusedAtOnce(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.checkpoint");
    // The other process: a JVM holding the lock, as a running backfill does.
    Path marker = dir.resolve("locked");
    Process other =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldLock.class.getName(),
                file.toString(),
                marker.toString())
            .redirectErrorStream(true)
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(marker) && other.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(marker).exists();
      assertThatThrownBy(
              () -> Checkpoint.open(new FileCheckpointStore(file), "id", 0, RANGE, Duration.ZERO))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(
              file + ": is in use by another metricgen backfill (process " + other.pid() + ")");
    } finally {
      other.destroyForcibly().waitFor();
    }
    // Killed, its lock is gone with it: the checkpoint resumes.
    try (Checkpoint c =
        Checkpoint.open(new FileCheckpointStore(file), "id", 0, RANGE, Duration.ZERO)) {
      assertThat(c.resumed()).isTrue();
      c.sliceDone(STEPS);
      c.delete();
    }
    assertThat(dir.resolve("run.checkpoint.lock")).doesNotExist();
    assertThat(file).doesNotExist();
  }

  /** Opens a checkpoint file and holds it until killed. */
  public static final class HoldLock {
    public static void main(String[] args) throws Exception {
      Checkpoint.open(new FileCheckpointStore(Path.of(args[0])), "id", 0, RANGE, Duration.ZERO);
      Files.createFile(Path.of(args[1]));
      Thread.sleep(120_000);
    }
  }

  @Test
  void aStoreThatCantBeWrittenNamesTheCause() {
    CheckpointStore fullFile =
        new CheckpointStore() {
          @Override
          public String describe() {
            return "/data/run.checkpoint";
          }

          @Override
          public String read() {
            return null;
          }

          @Override
          public void write(String content) throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public void delete() {}
        };
    assertThatThrownBy(() -> Checkpoint.open(fullFile, "id", 0, RANGE, Duration.ZERO))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot write the checkpoint /data/run.checkpoint: No space left on device");
  }
}
