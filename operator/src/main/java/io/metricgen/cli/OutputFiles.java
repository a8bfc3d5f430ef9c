package io.metricgen.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Output files that appear whole or not at all: written beside, then moved into place. */
final class OutputFiles {

  private OutputFiles() {}

  /** Writes what {@code body} writes, streamed: the text is never held whole. */
  interface Body {
    void writeTo(java.io.Writer out) throws IOException;
  }

  static void write(Path file, Body body) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".metricgen", ".tmp");
    try {
      try (java.io.Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        body.writeTo(w);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void write(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".metricgen", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
