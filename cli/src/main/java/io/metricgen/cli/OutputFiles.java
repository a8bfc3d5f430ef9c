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

  static void write(Path file, Body body) throws IOException {
    if (!replaceableByRename(file)) {
      try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        body.writeTo(w);
      }
      return;
    }
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
    write(file, w -> w.write(text));
  }

  /** Whether a file put in place by a rename would stand where {@code target} is, as it was. */
  static boolean replaceableByRename(Path target) {
    return !Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        || Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
  }
}
