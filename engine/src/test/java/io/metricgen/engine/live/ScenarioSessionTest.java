package io.metricgen.engine.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.load.ScenarioLoader;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ScenarioSessionTest {

  private static com.fasterxml.jackson.databind.JsonNode tree(String text) {
    return ScenarioLoader.read("body", text).tree();
  }

  @Test
  void aJsonScenarioIsWrittenBackAsJson() {
    String json =
        "{\"interval\": \"15s\", \"metrics\": [{\"name\": \"a\", \"type\": \"gauge\", \"value\": 1}]}";
    ScenarioSession session = new ScenarioSession("s.json", json, null, 0);
    session.putMetric("a", tree("{type: gauge, value: 2}"), 1000);
    assertThat(session.commentsKept()).isFalse();
    assertThat(session.text()).startsWith("{").contains("\"value\" : 2");
    assertThat(session.tree().path("metrics").get(0).path("value").asDouble()).isEqualTo(2);
  }

  @Test
  void aRefusedEditChangesNeitherTheTextNorWhatRuns() {
    String yaml = "interval: 15s\nmetrics:\n  - name: a # kept\n    type: gauge\n    value: 1\n";
    ScenarioSession session = new ScenarioSession("s.yaml", yaml, null, 0);
    assertThatThrownBy(() -> session.putMetric("a", tree("{type: gauge, value: {sine: {}}}"), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("s.yaml (as edited):6: metrics[0].value.sine.period");
    assertThatThrownBy(() -> session.putMetric("b", tree("{name: c, type: gauge}"), 1))
        .hasMessageContaining("name: is \"c\" but the path names \"b\"");
    assertThatThrownBy(() -> session.deleteMetric("zz", 1))
        .isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> session.addMetric(tree("{name: a, type: gauge, value: 3}"), 1))
        .isInstanceOf(IllegalStateException.class);
    // Its last metric can't go: a scenario has at least one.
    assertThatThrownBy(() -> session.deleteMetric("a", 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("metrics: required");
    assertThat(session.text()).isEqualTo(yaml);
    assertThat(session.live().scenario().families()).hasSize(1);
  }
}
