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

  /** Told when this shard starts waiting for a slower one. */
  public interface Listener {
    void waiting(int slowestShard, long slowestStep, long step);
  }

  private final Map<Integer, CheckpointStore> others;
  private final String identity;
  private final long sliceSteps;
  private final Duration poll;
  private final Listener listener;

  /**
   * @param others the other shards' checkpoints, by shard index
   * @param identity the backfill's identity: a checkpoint with another is a leftover, read as not
   *     started
   * @param sliceSteps steps per slice
   * @param poll how often to read the checkpoints while waiting
   */
  public ShardPace(
      Map<Integer, CheckpointStore> others,
      String identity,
      long sliceSteps,
      Duration poll,
      Listener listener) {
    this.others = Map.copyOf(others);
    this.identity = identity;
    this.sliceSteps = sliceSteps;
    this.poll = poll;
    this.listener = listener;
  }

  @Override
  public void beforeSlice(long step) throws InterruptedException {
    long toldAbout = -1;
    while (true) {
      long slowest = Long.MAX_VALUE;
      int who = -1;
      for (Map.Entry<Integer, CheckpointStore> e : others.entrySet()) {
        Checkpoint.State s = Checkpoint.read(e.getValue());
        boolean ours = s != null && identity.equals(s.identity());
        if (ours && s.permanent()) {
          throw new RefusedException(
              "shard " + e.getKey() + " stopped for good, so this one stops too: " + s.failure());
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
      if (slowest != toldAbout) {
        listener.waiting(who, slowest, step);
        toldAbout = slowest;
      }
      Thread.sleep(poll.toMillis());
    }
  }
}
