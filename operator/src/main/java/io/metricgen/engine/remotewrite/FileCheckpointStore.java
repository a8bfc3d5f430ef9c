package io.metricgen.engine.remotewrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
    Path parent = file.toAbsolutePath().getParent();
    Path tmp = parent.resolve(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
