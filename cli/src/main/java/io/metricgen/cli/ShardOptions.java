package io.metricgen.cli;

import io.metricgen.engine.remotewrite.Backfiller;
import io.metricgen.engine.remotewrite.CheckpointStore;
import io.metricgen.engine.remotewrite.FileCheckpointStore;
import io.metricgen.engine.remotewrite.ShardPace;
import io.metricgen.engine.transport.Responses;
import io.metricgen.operator.desired.BackfillObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where a backfill keeps its checkpoints, and which share of the series this process writes: the
 * options that make {@code backfill} one pod of a Backfill's Indexed Job.
 */
final class ShardOptions {

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Checkpoint file (default backfill-<id>.checkpoint in $XDG_STATE_HOME/metricgen, else"
              + " ~/.local/state/metricgen; FILE-<shard> with --shards). Removed when the backfill"
              + " completes, kept with --shards.")
  Path checkpointFile;

  @Option(
      names = "--checkpoint-configmap",
      paramLabel = "NAME",
      description =
          "Keep the checkpoint in the ConfigMap NAME-<shard> of the current namespace, key "
              + BackfillObjects.CHECKPOINT_KEY
              + ", instead of a file, and keep it when done: what a Backfill's pods do.")
  String checkpointConfigMap;

  @Option(
      names = "--shards",
      defaultValue = "1",
      paramLabel = "N",
      description = "Processes that split the series between them (default 1, at most 32).")
  int shards;

  @Option(
      names = "--shard",
      paramLabel = "INDEX",
      description =
          "Which of the --shards this process writes, from 0 (default: JOB_COMPLETION_INDEX, as"
              + " an Indexed Job sets it).")
  Integer shard;

  /** Every shard's checkpoint store, and how this process saves and reads them. */
  record Stores(
      IntFunction<CheckpointStore> stores,
      Duration saveEvery,
      Duration minPoll,
      Duration maxPoll,
      AutoCloseable resources)
      implements AutoCloseable {
    CheckpointStore of(int index) {
      return stores.apply(index);
    }

    /** Closes what the stores hold open (the Kubernetes client of ConfigMap stores). */
    @Override
    public void close() {
      try {
        resources.close();
      } catch (Exception e) {
        // Closing a client that is done: nothing of the run depends on it.
      }
    }
  }

  int count() {
    return shards;
  }

  /** Whether a completed checkpoint stays: the other shards, or the operator, read it. */
  boolean keepWhenDone() {
    return shards > 1 || checkpointConfigMap != null;
  }

  /**
   * Checks the options; returns this process's shard: --shard, else JOB_COMPLETION_INDEX, else 0
   * for one shard.
   */
  int check(CommandSpec spec) {
    if (checkpointFile != null && checkpointConfigMap != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--checkpoint and --checkpoint-configmap exclude each other");
    }
    if (checkpointFile != null) {
      Arguments.fileToWrite(spec, "--checkpoint", checkpointFile);
    }
    if (shards < 1 || shards > Backfiller.MAX_SHARDS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--shards must be from 1 to " + Backfiller.MAX_SHARDS);
    }
    String env = System.getenv("JOB_COMPLETION_INDEX");
    int index;
    if (shard != null) {
      index = shard;
    } else if (env != null) {
      try {
        index = Integer.parseInt(env.trim());
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "JOB_COMPLETION_INDEX is not a number: " + Responses.printable(env));
      }
    } else if (shards == 1) {
      index = 0;
    } else {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--shards "
              + shards
              + " needs --shard (or JOB_COMPLETION_INDEX, as an Indexed Job sets)");
    }
    if (index < 0 || index >= shards) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "the shard index must be from 0 to "
              + (shards - 1)
              + " for --shards "
              + shards
              + ", got "
              + index);
    }
    return index;
  }

  /**
   * The stores: ConfigMaps saved at most every 2 s within a slice and read with a backoff up to 2 s
   * (each is a request to the API server); files saved at most every 250 ms (writing one after each
   * of a backfill's thousand requests cost about a tenth of the sender's CPU) and read often.
   */
  Stores stores(String identity) {
    if (checkpointConfigMap != null) {
      ConfigMapCheckpointStore.Factory factory = ConfigMapCheckpointStore.inCluster();
      return new Stores(
          i -> factory.store(checkpointConfigMap + "-" + i),
          Duration.ofSeconds(2),
          Duration.ofMillis(50),
          Duration.ofSeconds(2),
          factory);
    }
    Path base =
        checkpointFile != null
            ? checkpointFile
            : stateDirectory().resolve("backfill-" + identity.substring(0, 12) + ".checkpoint");
    return new Stores(
        i -> new FileCheckpointStore(shards == 1 ? base : Path.of(base + "-" + i)),
        Duration.ofMillis(250),
        Duration.ofMillis(5),
        Duration.ofMillis(200),
        () -> {});
  }

  /**
   * Where metricgen keeps what a rerun needs and the user did not place: $XDG_STATE_HOME/metricgen,
   * else ~/.local/state/metricgen (the XDG base directory specification), made for this user only
   * when missing, rather than files left where the user stands.
   */
  static Path stateDirectory() {
    String xdg = System.getenv("XDG_STATE_HOME");
    Path dir =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg, "metricgen")
            : Path.of(System.getProperty("user.home"), ".local", "state", "metricgen");
    try {
      if (!java.nio.file.Files.isDirectory(dir)) {
        java.nio.file.Files.createDirectories(dir);
        try {
          java.nio.file.Files.setPosixFilePermissions(
              dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
          // The platform's default permissions stand.
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot make the state directory "
              + dir
              + " for the checkpoint: "
              + e.getMessage()
              + "; give --checkpoint FILE",
          e);
    }
    return dir;
  }

  /** What keeps this shard in step with the others: nothing for one shard. */
  Backfiller.Pace pace(Stores stores, int index, String identity, int sliceSteps) {
    if (shards == 1) {
      return Backfiller.Pace.NONE;
    }
    Map<Integer, CheckpointStore> others = new HashMap<>();
    for (int i = 0; i < shards; i++) {
      if (i != index) {
        others.put(i, stores.of(i));
      }
    }
    return new ShardPace(
        others,
        identity,
        sliceSteps,
        stores.minPoll(),
        stores.maxPoll(),
        (slowest, at, step, waited) ->
            System.err.printf(
                "shard %d waits at step %d for shard %d, at step %d (for %d s): shards keep within"
                    + " a slice of each other%n",
                index, step, slowest, at, waited.toSeconds()));
  }
}
