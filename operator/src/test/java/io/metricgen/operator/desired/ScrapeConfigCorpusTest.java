package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.Binaries;
import io.metricgen.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared scrape Secret holds other teams' scrape configs: adding, changing and removing the
 * operator's job keeps every byte of theirs, and the result passes the real {@code promtool check
 * config} whenever the input did.
 */
class ScrapeConfigCorpusTest {

  @TempDir Path dir;

  static Stream<String> corpus() throws IOException {
    try (Stream<Path> files = Files.list(corpusDir())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void addingChangingAndRemovingTheJobKeepsEveryForeignByteAndAValidConfig(String file)
      throws Exception {
    String original = Files.readString(corpusDir().resolve(file), StandardCharsets.UTF_8);
    assertThat(promtoolCheck(original)).as("the corpus file itself is valid").isEmpty();
    MetricGenerator mg = DesiredStateTest.example("metricgenerator-quickstart.yaml");
    ObjectNode job = ScrapeConfig.job(mg);

    String added = ScrapeConfig.withJob(original, job);
    assertForeignEntriesKept(original, added);
    assertThat(ScrapeConfigText.parse(added).values()).hasSize(entries(original) + 1);
    assertThat(promtoolCheck(added)).isEmpty();
    assertThat(ScrapeConfig.withJob(added, job))
        .as("a second write changes nothing")
        .isSameAs(added);

    ObjectNode changed = job.deepCopy().put("scrape_interval", "1m");
    String replaced = ScrapeConfig.withJob(added, changed);
    assertForeignEntriesKept(original, replaced);
    assertThat(promtoolCheck(replaced)).isEmpty();

    String removed = ScrapeConfig.withoutJob(replaced, job.path("job_name").asText());
    assertThat(ScrapeConfigText.parse(removed).values())
        .isEqualTo(ScrapeConfigText.parse(original).values());
    if (original.endsWith("\n") && !original.strip().equals("[]")) {
      assertThat(removed).as("removal gives back the very text").isEqualTo(original);
    }
    assertThat(promtoolCheck(removed)).isEmpty();
  }

  @Test
  void anAliasIntoTheReplacedEntryIsRefusedAndNothingChanges() throws Exception {
    MetricGenerator mg = DesiredStateTest.example("metricgenerator-quickstart.yaml");
    ObjectNode job = ScrapeConfig.job(mg);
    String name = job.path("job_name").asText();
    // Someone edited by hand: another entry borrows from ours.
    String text =
        "- job_name: "
            + name
            + "\n  static_configs: &ours\n  - targets: [x:1]\n"
            + "- job_name: theirs\n  static_configs: *ours\n";
    assertThatThrownBy(() -> ScrapeConfig.withoutJob(text, name))
        .isInstanceOf(ScrapeConfig.UnparsableException.class)
        .hasMessageContaining("without");
  }

  @Test
  void aCrlfSecretGetsItsJobInCrlfToo() throws Exception {
    String original = Files.readString(corpusDir().resolve("crlf.yaml"), StandardCharsets.UTF_8);
    assertThat(original).contains("\r\n");
    MetricGenerator mg = DesiredStateTest.example("metricgenerator-quickstart.yaml");
    String added = ScrapeConfig.withJob(original, ScrapeConfig.job(mg));
    assertThat(added.replace("\r\n", "")).as("no bare line feed").doesNotContain("\n");
    assertThat(added).startsWith(original);
  }

  /**
   * YAML quirks as Prometheus's YAML library reads them: each is given to {@code promtool check
   * config} (as the scrape_configs of a configuration, its lines as they are) and to the editor,
   * and both take it or both refuse it.
   */
  @ParameterizedTest
  @MethodSource("quirks")
  void theEditorTakesWhatPromtoolTakesAndRefusesWhatItRefuses(String quirk) throws Exception {
    Path file = Files.createTempFile(dir, "prometheus-", ".yml");
    Files.writeString(file, "scrape_configs:\n" + quirk, StandardCharsets.UTF_8);
    Processes.Result r =
        Processes.run(
            60, dir, List.of(Binaries.promtool().toString(), "check", "config", file.toString()));
    boolean promtool = r.exitCode() == 0;
    boolean editor;
    String added = null;
    try {
      MetricGenerator mg = DesiredStateTest.example("metricgenerator-quickstart.yaml");
      added = ScrapeConfig.withJob(quirk, ScrapeConfig.job(mg));
      editor = true;
    } catch (ScrapeConfig.UnparsableException e) {
      editor = false;
    }
    assertThat(editor)
        .as("the editor on %s; promtool said %s", quirk, r.output())
        .isEqualTo(promtool);
    if (editor) {
      assertForeignEntriesKept(quirk, added);
      Files.writeString(file, "scrape_configs:\n" + added, StandardCharsets.UTF_8);
      assertThat(
              Processes.run(
                      60,
                      dir,
                      List.of(Binaries.promtool().toString(), "check", "config", file.toString()))
                  .exitCode())
          .as("promtool on the edited %s", added)
          .isZero();
    }
  }

  static Stream<String> quirks() {
    return Stream.of(
        "- job_name: a\n  static_configs:\n  - targets: ['a:9100']\t# c\n",
        "- job_name:\ta\n",
        "- job_name: a\t# c\n",
        "- job_name: a \t\n",
        "- job_name: 'a'\t\n",
        "- job_name: \"a\"\t# x\n",
        "- {job_name: a,\tscrape_interval: 1m}\n",
        "- job_name: a\n  scrape_interval:\t1m\n",
        "- job_name: a\n  static_configs: [ {targets: [\"b:1\"]}\t]\n",
        "- job_name: a\t\n  scrape_interval: 1m\n",
        "- job_name: a\n  metrics_path: /x\t/y\n",
        "- job_name: a\r\n  scrape_interval: 1m\r\n",
        "- job_name: a\r\n- job_name: b\r\n",
        // Tabs as indentation, or right after a block entry's dash: go-yaml refuses them.
        "-\tjob_name: a\n",
        "- job_name: a\n\t\n",
        "- job_name: a\n  static_configs:\n  -\ttargets: [\"b:1\"]\n",
        "- job_name: a\n\t# comment\n",
        "\t# comment\n- job_name: a\n",
        "- job_name: a\n\tscrape_interval: 1m\n");
  }

  @Test
  void unparsableContentIsNamed() {
    assertThatThrownBy(() -> ScrapeConfigText.parse("- job_name: a\n---\n- job_name: b\n"))
        .hasMessage("holds more than one YAML document");
    assertThatThrownBy(() -> ScrapeConfigText.parse("- targets: [a]\n"))
        .hasMessage("holds an entry that is not a scrape config with a job_name");
    assertThatThrownBy(() -> ScrapeConfigText.parse("plain words"))
        .hasMessage("is not a YAML list of scrape configs");
  }

  /**
   * Every entry of {@code original} stands in {@code edited} with the same bytes, in order (but for
   * a line break after a last line that had none).
   */
  static void assertForeignEntriesKept(String original, String edited) throws Exception {
    List<String> before =
        ScrapeConfigText.parse(original).entries().stream()
            .map(e -> withoutFinalBreak(original.substring(e.start(), e.end())))
            .toList();
    List<String> after =
        ScrapeConfigText.parse(edited).entries().stream()
            .filter(e -> !e.jobName().startsWith("metricgen/team-a/"))
            .map(e -> withoutFinalBreak(edited.substring(e.start(), e.end())))
            .toList();
    assertThat(after).containsExactlyElementsOf(before);
    List<Object> kept = ScrapeConfigText.parse(original).values();
    if (!kept.isEmpty()) {
      assertThat(ScrapeConfigText.parse(edited).values()).containsSubsequence(kept);
    }
  }

  private static String withoutFinalBreak(String entry) {
    return entry.endsWith("\n") ? entry.substring(0, entry.length() - 1) : entry;
  }

  private static int entries(String text) throws Exception {
    return ScrapeConfigText.parse(text).entries().size();
  }

  /**
   * promtool's complaints about a Prometheus configuration with these scrape configs; "" if none.
   */
  private String promtoolCheck(String scrapeConfigs) throws Exception {
    StringBuilder config = new StringBuilder("scrape_configs:\n");
    for (String line : scrapeConfigs.split("\n", -1)) {
      if (!line.equals("---")) {
        config.append("  ").append(line).append('\n');
      }
    }
    Path file = Files.createTempFile(dir, "prometheus-", ".yml");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    Processes.Result r =
        Processes.run(
            60, dir, List.of(Binaries.promtool().toString(), "check", "config", file.toString()));
    return r.exitCode() == 0 ? "" : r.output();
  }

  private static Path corpusDir() {
    return Path.of("src/test/resources/scrape-configs").toAbsolutePath();
  }
}
