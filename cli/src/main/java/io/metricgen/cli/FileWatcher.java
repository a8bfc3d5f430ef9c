package io.metricgen.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back with a file's content when it changes. A file-system watch on the file's directory
 * notices a write at once (also a Kubernetes ConfigMap volume's update, which swaps a symbolic link
 * beside the file); the content is read once the directory has been quiet for {@link #DEBOUNCE}, so
 * an editor's save in several writes is one change. A look every {@link #POLL} catches what a watch
 * misses (network file systems). Only a change of the bytes counts; a file that can't be read is
 * reported once per reason and looked at again.
 */
final class FileWatcher implements AutoCloseable {

  static final Duration DEBOUNCE = Duration.ofMillis(200);
  static final Duration POLL = Duration.ofSeconds(2);

  /** The largest file read: what a scenario may be. */
  static final long MAX_BYTES = io.metricgen.engine.load.YamlDocument.MAX_CHARS;

  private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

  private final Map<Path, Consumer<String>> files = new LinkedHashMap<>();
  private final Map<Path, byte[]> seen = new HashMap<>();
  private final Map<Path, String> lastProblem = new HashMap<>();
  private final WatchService watch;
  private final Thread thread;
  private volatile boolean closed;
  // Held by a read of the files and by a write of our own, so that neither falls in the other.
  private final Object fileLock = new Object();

  /**
   * Watches each file of {@code files} (to its callback); the callbacks run on one thread, in turn.
   * The files' current contents count as seen.
   */
  FileWatcher(Map<Path, Consumer<String>> files) throws IOException {
    this.watch = FileSystems.getDefault().newWatchService();
    for (Map.Entry<Path, Consumer<String>> e : files.entrySet()) {
      Path file = e.getKey().toAbsolutePath();
      this.files.put(file, e.getValue());
      seen.put(file, read(file));
      Path dir = file.getParent();
      dir.register(
          watch,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    }
    this.thread = new Thread(this::run, "metricgen-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes a file this watches; {@link #writeOwn} runs it. */
  interface Write {
    void run() throws IOException;
  }

  /**
   * Writes {@code file} with {@code content} by {@code write}, taken as its current content: a
   * write of our own is no change. No read of the watch falls between the write and that.
   */
  void writeOwn(Path file, String content, Write write) throws IOException {
    synchronized (fileLock) {
      write.run();
      seen.put(file.toAbsolutePath(), content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void run() {
    try {
      while (!closed) {
        WatchKey key = watch.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
          drain(key);
          // Quiet for the debounce before reading: the rest of a save arrives meanwhile.
          WatchKey more;
          while ((more = watch.poll(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            drain(more);
          }
        }
        check();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  private void check() {
    for (Map.Entry<Path, Consumer<String>> e : files.entrySet()) {
      Path file = e.getKey();
      byte[] now;
      String text;
      synchronized (fileLock) {
        try {
          if (Files.size(file) > MAX_BYTES) {
            throw new IOException("it is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
          }
          now = Files.readAllBytes(file);
          text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(now))
                  .toString();
        } catch (IOException ex) {
          String problem =
              ex instanceof java.nio.charset.CharacterCodingException
                  ? "it is not UTF-8 text"
                  : ex.getClass() == IOException.class
                      ? ex.getMessage()
                      : ex.getClass().getSimpleName() + ": " + ex.getMessage();
          if (!problem.equals(lastProblem.put(file, problem))) {
            LOG.warn("cannot read {} ({}); still running what it said before", file, problem);
          }
          continue;
        }
        lastProblem.remove(file);
        if (Arrays.equals(now, seen.get(file))) {
          continue;
        }
        seen.put(file, now);
      }
      try {
        e.getValue().accept(text);
      } catch (RuntimeException ex) {
        LOG.error("applying {} failed", file, ex);
      }
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      watch.close();
    } catch (IOException e) {
      LOG.debug("closing the watch", e);
    }
    thread.interrupt();
  }
}
