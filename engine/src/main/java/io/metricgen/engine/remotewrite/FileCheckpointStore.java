package io.metricgen.engine.remotewrite;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** A checkpoint in a file, replaced atomically (a temporary file and a rename). */
public final class FileCheckpointStore implements CheckpointStore {

  private final Path file;

  public FileCheckpointStore(Path file) {
    this.file = file;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public String read() throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public void write(String content) throws IOException {
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      // A rename would replace a device or a link with a file (as root, /dev/null itself).
      throw new IOException("it is not a regular file; give a file's path to --checkpoint");
    }
    Path parent = file.toAbsolutePath().getParent();
    Path tmp = parent.resolve(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * An OS lock on {@code FILE.lock}, which names the holding process: the OS drops it when the
   * process dies, however it dies, so a killed run never leaves its checkpoint locked.
   */
  @Override
  public Lock lock() {
    Path lockFile = Path.of(file + ".lock");
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot lock the checkpoint " + file + " (" + lockFile + "): " + e.getMessage(), e);
    }
    FileLock held;
    try {
      held = channel.tryLock();
    } catch (OverlappingFileLockException inThisProcess) {
      held = null;
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException(
          "cannot lock the checkpoint " + file + " (" + lockFile + "): " + e.getMessage(), e);
    }
    if (held == null) {
      String holder = holder(channel);
      close(channel);
      throw new InvalidInputException(
          new Problem(
              file.toString(),
              0,
              "",
              "is in use by another metricgen backfill"
                  + (holder.isEmpty() ? "" : " (process " + holder + ")")
                  + "; two runs on one checkpoint would write the same samples twice. Wait for it"
                  + " to end, or stop it and run again to resume"));
    }
    try {
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
          0);
    } catch (IOException ignored) {
      // The holder's number is for messages only.
    }
    FileLock lock = held;
    return () -> {
      try {
        if (!Files.exists(file)) {
          // Done: the lock file goes with the checkpoint, while still held.
          Files.deleteIfExists(lockFile);
        }
        lock.release();
      } catch (IOException ignored) {
        // Closing the channel releases it too.
      } finally {
        close(channel);
      }
    };
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      int n = channel.read(buf, 0);
      return n <= 0
          ? ""
          : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim().replaceAll("[^0-9]", "");
    } catch (IOException e) {
      return "";
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }
}
