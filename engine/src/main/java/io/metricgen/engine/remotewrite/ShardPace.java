package io.metricgen.engine.remotewrite;

import io.metricgen.engine.transport.RefusedException;
import java.time.Duration;
import java.util.Map;

/**
 * Keeps the shards of one backfill in step. Prometheus accepts samples up to about an hour behind
 * its newest one (without an out-of-order window), and every shard's requests advance that newest
 * sample: a shard that ran ahead would push the slowest one out. So before each slice a shard reads
 * the other shards' checkpoints and waits while it is more than one slice ahead of the slowest.
 * With slices of at most 30 minutes, every shard's samples then stay within the hour.
 */
public final class ShardPace implements Backfiller.Pace {

  /** Told when this shard has been waiting for a slower one for a while, and then now and then. */
  public interface Listener {
    void waiting(int slowestShard, long slowestStep, long step, Duration waited);
  }

  /** How long a wait is before the listener hears of it, and then how often. */
  static final Duration TELL_AFTER = Duration.ofSeconds(2);

  static final Duration TELL_EVERY = Duration.ofSeconds(30);

  private final Map<Integer, CheckpointStore> others;
  private final String identity;
  private final long sliceSteps;
  private final Duration minPoll;
  private final Duration maxPoll;
  private final Listener listener;

  /**
   * @param others the other shards' checkpoints, by shard index
   * @param identity the backfill's identity: a checkpoint with another is a leftover, read as not
   *     started
   * @param sliceSteps steps per slice
   * @param minPoll how soon to read the checkpoints again at first: most waits are for a shard that
   *     is finishing its slice
   * @param maxPoll how often at most to read them in a long wait (each read is a request to the API
   *     server for ConfigMaps): the interval doubles from minPoll up to this
   */
  public ShardPace(
      Map<Integer, CheckpointStore> others,
      String identity,
      long sliceSteps,
      Duration minPoll,
      Duration maxPoll,
      Listener listener) {
    this.others = Map.copyOf(others);
    this.identity = identity;
    this.sliceSteps = sliceSteps;
    this.minPoll = minPoll;
    this.maxPoll = maxPoll;
    this.listener = listener;
  }

  @Override
  public void beforeSlice(long step) throws InterruptedException {
    long begun = System.nanoTime();
    Duration tellAt = TELL_AFTER;
    long poll = Math.max(1, minPoll.toMillis());
    while (true) {
      long slowest = Long.MAX_VALUE;
      int who = -1;
      for (Map.Entry<Integer, CheckpointStore> e : others.entrySet()) {
        Checkpoint.State s = Checkpoint.read(e.getValue());
        boolean ours = s != null && identity.equals(s.identity());
        if (ours && s.permanent()) {
          throw new RefusedException(
              "shard " + e.getKey() + " stopped for good, so this one stops too: " + s.failure(),
              s.tooOld());
        }
        long at = ours ? s.nextStep() : 0;
        if (at < slowest) {
          slowest = at;
          who = e.getKey();
        }
      }
      if (step - slowest <= sliceSteps) {
        return;
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - begun);
      if (waited.compareTo(tellAt) >= 0) {
        listener.waiting(who, slowest, step, waited);
        tellAt = waited.plus(TELL_EVERY);
      }
      Thread.sleep(poll);
      poll = Math.min(poll * 2, Math.max(1, maxPoll.toMillis()));
    }
  }
}
