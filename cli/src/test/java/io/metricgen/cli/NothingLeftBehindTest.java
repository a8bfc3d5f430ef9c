package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.metricgen.testing.ProjectFiles;
import io.metricgen.testing.PrometheusServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a newcomer did not ask for stay out of the working directory and the source tree: default
 * checkpoints live in the state directory (XDG), go when the run completes, and a run refused
 * before anything reached the receiver leaves none to pin its range; test-rules' file is temporary
 * unless -o names one.
 */
class NothingLeftBehindTest {

  @TempDir Path home;

  private String userHome;

  @BeforeEach
  void homeOfItsOwn() {
    // The state directory falls back to ~/.local/state when XDG_STATE_HOME is not set.
    assumeTrue(System.getenv("XDG_STATE_HOME") == null, "XDG_STATE_HOME is set here");
    userHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    if (userHome != null) {
      System.setProperty("user.home", userHome);
    }
  }

  private Path stateDir() {
    return home.resolve(".local/state/metricgen");
  }

  private static List<String> names(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aBackfillKeepsItsDefaultCheckpointInTheStateDirectoryAndRemovesItWhenDone()
      throws Exception {
    List<String> cwdBefore = names(Path.of("").toAbsolutePath());
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            home.resolve("data"),
            "global:\n  scrape_interval: 1h\n",
            "--web.enable-remote-write-receiver")) {
      CliRun run =
          CliRun.backfill(
              ProjectFiles.example("scenario.yaml").toString(),
              prometheus.url() + "/api/v1/write",
              "--start",
              "-10m");
      assertThat(run.exit()).as(run.err()).isZero();
    }
    assertThat(Files.isDirectory(stateDir())).isTrue();
    assertThat(names(stateDir())).isEmpty();
    assertThat(names(Path.of("").toAbsolutePath())).isEqualTo(cwdBefore);
  }

  @Test
  void aBackfillRefusedBeforeAnythingWasSentLeavesNoCheckpointToPinItsRange() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun run =
        CliRun.backfill(
            ProjectFiles.example("scenario.yaml").toString(),
            "http://127.0.0.1:" + port + "/api/v1/write",
            "--start",
            "-6h");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the remote-write receiver");
    assertThat(names(stateDir())).as("no checkpoint pins -6h to this minute").isEmpty();
  }

  @Test
  void testRulesWritesItsFileToATemporaryDirectoryThatGoesWhenPromtoolPasses() throws Exception {
    Path examples = ProjectFiles.root().resolve("examples");
    List<String> before = names(examples);
    CliRun run =
        CliRun.of(
            "test-rules",
            "-f",
            examples.resolve("incident.yaml").toString(),
            "--rules",
            examples.resolve("rules/incident.yaml").toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(names(examples)).isEqualTo(before);
    String wrote = run.out().lines().filter(l -> l.startsWith("wrote ")).findFirst().orElseThrow();
    Path file = Path.of(wrote.substring(6, wrote.indexOf(':')));
    assertThat(file.toString()).startsWith(System.getProperty("java.io.tmpdir"));
    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
  }
}
