package io.metricgen.operator.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.metricgen.engine.remotewrite.Checkpoint;
import io.metricgen.engine.time.Durations;
import io.metricgen.operator.desired.BackfillObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How far a Backfill's run is, read from its Job (as the Job controller reports it) and its shards'
 * checkpoint ConfigMaps (as the pods write them): phase, samples, per-shard progress, an estimate
 * of the time left, and the last error a shard reported.
 */
final class BackfillProgress {

  static final String PENDING = Phase.PENDING.label();
  static final String RUNNING = Phase.RUNNING.label();
  static final String SUCCEEDED = Phase.SUCCEEDED.label();
  static final String FAILED = Phase.FAILED.label();

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private BackfillProgress() {}

  /**
   * Fills {@code status}'s run fields (everything but conditions, generation and expiry).
   *
   * @param previous the status so far, for the times once recorded and the last error
   * @return whether a shard was refused for data older than the target takes
   */
  static boolean fill(
      BackfillStatus status,
      BackfillStatus previous,
      Backfill bf,
      int shards,
      Instant start,
      Instant end,
      Optional<Job> job,
      Map<String, ConfigMap> checkpoints,
      Instant now) {
    status.start = StatusAggregator.time(start);
    status.end = StatusAggregator.time(end);
    double fractions = 0;
    long written = 0;
    long total = 0;
    String lastError = previous == null ? null : previous.lastError;
    boolean tooOld = false;
    List<BackfillStatus.Shard> out = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      BackfillStatus.Shard shard = new BackfillStatus.Shard();
      shard.index = i;
      ConfigMap cm = checkpoints.get(Names.checkpoint(bf, i));
      Checkpoint.State state = null;
      try {
        state =
            cm == null || cm.getData() == null
                ? null
                : Checkpoint.State.parse(cm.getData().get(BackfillObjects.CHECKPOINT_KEY));
      } catch (JsonProcessingException e) {
        shard.error = "its checkpoint can't be read: " + e.getOriginalMessage();
      }
      double fraction = 0;
      if (state != null && state.endStep() > 0) {
        fraction = Math.max(0, Math.min(1, (double) state.nextStep() / state.endStep()));
        shard.samplesWritten = state.samplesWritten();
        written += state.samplesWritten();
        total += Math.max(state.samplesTotal(), state.samplesWritten());
        long span = end.toEpochMilli() - start.toEpochMilli();
        shard.storedUntil =
            StatusAggregator.time(
                Instant.ofEpochMilli(start.toEpochMilli() + (long) (span * fraction)));
        if (state.failure() != null) {
          shard.error = state.failure();
          lastError = "shard " + i + ": " + state.failure();
          tooOld |= state.tooOld();
        }
      }
      shard.progress = percent(fraction);
      fractions += fraction;
      out.add(shard);
    }
    double done = fractions / shards;
    status.shards = out;
    status.samplesWritten = written;
    status.samplesTotal = total;
    status.startTime =
        previous != null && previous.startTime != null
            ? previous.startTime
            : job.map(j -> j.getMetadata().getCreationTimestamp())
                .orElse(job.isPresent() ? StatusAggregator.time(now) : null);
    String phase;
    if (job.isEmpty()) {
      phase = PENDING;
    } else if (Workloads.complete(job.get())) {
      phase = SUCCEEDED;
      done = 1;
    } else if (Workloads.failed(job.get())) {
      phase = FAILED;
      if (lastError == null) {
        lastError = "the Job failed: " + failedMessage(job.get());
      }
    } else if (done > 0 || active(job.get())) {
      phase = RUNNING;
    } else {
      phase = PENDING;
    }
    status.phase = phase;
    status.progress = percent(done);
    status.lastError = lastError;
    boolean finished = phase.equals(SUCCEEDED) || phase.equals(FAILED);
    if (finished) {
      status.completionTime =
          previous != null && previous.completionTime != null
              ? previous.completionTime
              : Optional.ofNullable(job.get().getStatus().getCompletionTime())
                  .orElse(StatusAggregator.time(now));
    }
    status.estimatedTimeLeft = phase.equals(RUNNING) ? left(status.startTime, done, now) : null;
    return tooOld;
  }

  /**
   * Whether two statuses differ only in what moves with every checkpoint write: samples, the times
   * shards have stored up to, and the estimate of the time left.
   */
  static boolean onlyCountersDiffer(BackfillStatus a, BackfillStatus b) {
    return JSON.valueToTree(withoutCounters(a)).equals(JSON.valueToTree(withoutCounters(b)));
  }

  private static BackfillStatus withoutCounters(BackfillStatus status) {
    BackfillStatus copy = JSON.convertValue(status, BackfillStatus.class);
    copy.samplesWritten = null;
    copy.samplesTotal = null;
    copy.estimatedTimeLeft = null;
    for (BackfillStatus.Shard shard : copy.shards) {
      shard.samplesWritten = null;
      shard.storedUntil = null;
    }
    return copy;
  }

  /** Time left at the rate so far; null until there is a rate. */
  static String left(String startTime, double done, Instant now) {
    if (startTime == null || done <= 0 || done >= 1) {
      return null;
    }
    Duration elapsed = Duration.between(OffsetDateTime.parse(startTime).toInstant(), now);
    if (elapsed.isNegative() || elapsed.isZero()) {
      return null;
    }
    long seconds = (long) Math.ceil(elapsed.toMillis() * (1 - done) / done / 1000);
    return Durations.format(Duration.ofSeconds(Math.max(1, seconds)));
  }

  static String percent(double fraction) {
    // Floor, so that 100% means done.
    return String.format(Locale.ROOT, "%d%%", (int) Math.floor(fraction * 100 + 1e-9));
  }

  private static boolean active(Job job) {
    Integer n = job.getStatus() == null ? null : job.getStatus().getActive();
    return n != null && n > 0;
  }

  private static String failedMessage(Job job) {
    for (JobCondition c : job.getStatus().getConditions()) {
      if ("Failed".equals(c.getType())) {
        return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
      }
    }
    return "see its pods' logs";
  }
}
