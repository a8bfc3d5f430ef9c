package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs appear whole or not at all, and a pipe given as the output is written, not replaced. */
class OutputFilesTest {

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.txt");
    Files.writeString(file, "old");
    assertThatThrownBy(
            () ->
                OutputFiles.writeStream(
                    file,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(file);
    }
    Integer written =
        OutputFiles.writeStream(
            file,
            out -> {
              out.write("new".getBytes(StandardCharsets.UTF_8));
              return 3;
            });
    assertThat(written).isEqualTo(3);
    assertThat(Files.readString(file)).isEqualTo("new");
  }

  @Test
  void aNamedPipeIsWrittenIntoAndStaysAPipe(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();
    CompletableFuture<String> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readString(fifo);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    OutputFiles.write(fifo, "through the pipe\n");
    assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe\n");
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
  }
}
