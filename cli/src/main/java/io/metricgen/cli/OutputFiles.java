package io.metricgen.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Output files that appear whole or not at all: written beside, then moved into place. A target
 * that is no regular file (a device such as /dev/null or /dev/stdout, a pipe, a symbolic link) is
 * written in place instead: renaming over it would replace it with a file, and as root would
 * replace /dev/null itself.
 */
final class OutputFiles {

  private OutputFiles() {}

  /** Writes what {@code body} writes, streamed: the text is never held whole. */
  interface Body {
    void writeTo(java.io.Writer out) throws IOException;
  }

  /** Writes bytes, buffered, and says what it wrote (a count, say). */
  interface StreamBody<T> {
    T writeTo(java.io.OutputStream out) throws IOException;
  }

  static void write(Path file, Body body) throws IOException {
    writeStream(
        file,
        out -> {
          java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
          body.writeTo(w);
          w.flush();
          return null;
        });
  }

  /**
   * Writes a regular file through a temporary file beside it and an atomic rename, so that nothing
   * half-written is left; a device or a pipe is written in place.
   */
  static <T> T writeStream(Path file, StreamBody<T> body) throws IOException {
    if (!replaceableByRename(file)) {
      try (java.io.OutputStream out =
          new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        return body.writeTo(out);
      }
    }
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".metricgen", ".tmp");
    try {
      T result;
      try (java.io.OutputStream out =
          new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        result = body.writeTo(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void write(Path file, String text) throws IOException {
    write(file, w -> w.write(text));
  }

  /** Whether a file put in place by a rename would stand where {@code target} is, as it was. */
  static boolean replaceableByRename(Path target) {
    return !Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        || Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
  }
}
