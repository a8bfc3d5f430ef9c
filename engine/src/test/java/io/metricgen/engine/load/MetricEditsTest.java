package io.metricgen.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MetricEditsTest {

  private static final String FILE =
      """
      # Checkout service, as the dashboard shows it.
      interval: 15s
      metrics:
        # Requests by code.
        - name: requests
          type: counter
          rate: 5 # per second

        # The queue, which fills during the incident.
        - name: queue_depth
          type: gauge
          value: 3
      # Alerts expected.
      expect: ["QueueFull inactive"]
      """;

  private static JsonNode tree(String text) {
    return ScenarioLoader.read("test.yaml", text).tree();
  }

  private static JsonNode metric(String yaml) {
    return tree(yaml);
  }

  @Test
  void replacingAMetricKeepsEveryCommentOutsideIt() {
    String out =
        MetricEdits.replace(FILE, 0, metric("{name: requests, type: counter, rate: 50}"))
            .orElseThrow();
    assertThat(out)
        .contains("# Checkout service", "# Requests by code.", "# The queue", "# Alerts expected.")
        .doesNotContain("per second");
    JsonNode expected = tree(FILE);
    ((ObjectNode) expected.get("metrics").get(0)).put("rate", 50.0);
    assertThat(tree(out)).isEqualTo(expected);
    ScenarioLoader.compile("test.yaml", out, null);
  }

  @Test
  void removingAMetricKeepsTheCommentAboveTheNext() {
    String out = MetricEdits.remove(FILE, 0).orElseThrow();
    assertThat(out).contains("# The queue").doesNotContain("requests");
    assertThat(tree(out).get("metrics")).hasSize(1);
  }

  @Test
  void appendingAMetricPutsItAfterTheLastAtItsIndent() {
    String out =
        MetricEdits.append(FILE, metric("{name: errors, type: counter, rate: 1}")).orElseThrow();
    assertThat(tree(out).get("metrics").get(2).get("name").asText()).isEqualTo("errors");
    assertThat(out).contains("    value: 3\n  - name: errors\n");
    assertThat(tree(out).get("expect")).isEqualTo(tree(FILE).get("expect"));
  }

  @Test
  void flowStyleAndJsonAreLeftToAWholeRewrite() {
    assertThat(MetricEdits.replace("{\"metrics\": [{\"name\": \"a\"}]}", 0, metric("{name: a}")))
        .isEmpty();
    assertThat(
            MetricEdits.replace("metrics:\n  - {name: a, type: gauge}\n", 0, metric("{name: a}")))
        .isEmpty();
    assertThat(MetricEdits.append("metrics: []\n", metric("{name: a}"))).isEmpty();
  }

  /** Any edit of a block-style file gives the tree the edit means, and keeps the others' notes. */
  @Property(tries = 300)
  void anEditMeansWhatItSaysAndKeepsTheOtherMetricsComments(
      @ForAll("files") List<String> notes, @ForAll("edits") int[] edit) {
    int n = notes.size();
    StringBuilder file = new StringBuilder("interval: 15s\nmetrics:\n");
    for (int i = 0; i < n; i++) {
      file.append("  # note ").append(notes.get(i)).append('\n');
      file.append("  - name: m").append(i).append("\n    type: gauge\n    value: ").append(i);
      file.append(i % 2 == 0 ? " # inline " + i + "\n" : "\n");
      if (i % 3 == 0) {
        file.append('\n');
      }
    }
    String text = file.toString();
    int index = edit[1] % n;
    JsonNode replacement =
        metric("{name: x" + index + ", type: gauge, value: {sine: {period: 1m}}}");
    JsonNode expected = tree(text);
    ArrayNode metrics = (ArrayNode) expected.get("metrics");
    String out;
    switch (edit[0]) {
      case 0 -> {
        out = MetricEdits.replace(text, index, replacement).orElseThrow();
        metrics.set(index, replacement);
      }
      case 1 -> {
        if (n == 1) {
          assertThat(MetricEdits.remove(text, index)).isEmpty();
          return;
        }
        out = MetricEdits.remove(text, index).orElseThrow();
        metrics.remove(index);
      }
      default -> {
        out = MetricEdits.append(text, replacement).orElseThrow();
        metrics.add(replacement);
        index = -1;
      }
    }
    assertThat(tree(out)).isEqualTo(expected);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kept.add("# note " + notes.get(i));
      if (i != index && i % 2 == 0) {
        kept.add("# inline " + i);
      }
    }
    assertThat(out).contains(kept);
  }

  @Provide
  Arbitrary<List<String>> files() {
    return Arbitraries.strings()
        .alpha()
        .ofMinLength(1)
        .ofMaxLength(8)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<int[]> edits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 100))
        .as((op, i) -> new int[] {op, i});
  }
}
