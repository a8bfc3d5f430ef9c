package io.metricgen.engine.remotewrite;

import java.io.IOException;

/**
 * Where one shard's checkpoint is kept, so that a new process finds it: a file on the command line,
 * a ConfigMap in the cluster (which a restarted pod finds on another node).
 */
public interface CheckpointStore {

  /** What the store is, for messages: a file's path, a ConfigMap's namespace and name. */
  String describe();

  /** The content, or null (or empty) when nothing is stored yet. */
  String read() throws IOException;

  /** Replaces the content, whole: a reader never sees half of it. */
  void write(String content) throws IOException;

  /** Removes the content. */
  void delete() throws IOException;

  /** Held while one process uses the store. */
  interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes the store for this process until the lock is closed.
   *
   * @throws io.metricgen.engine.InvalidInputException when another process holds it
   */
  default Lock lock() {
    return () -> {};
  }
}
