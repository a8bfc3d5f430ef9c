package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incidents an annotation asks for, as status and as the generator's file. */
class IncidentsTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  private static MetricGenerator annotated(String value) {
    MetricGenerator mg = DesiredStateTest.example("metricgenerator-quickstart.yaml");
    mg.getMetadata().setAnnotations(new HashMap<>());
    mg.getMetadata().getAnnotations().put(Incidents.ANNOTATION, value);
    return mg;
  }

  private static MetricGeneratorStatus status(List<MetricGeneratorStatus.Incident> incidents) {
    MetricGeneratorStatus s = new MetricGeneratorStatus();
    s.incidents = incidents;
    return s;
  }

  @Test
  void anIncidentKeepsItsIdAndStartAcrossPassesAndEndsOnTime() {
    MetricGenerator mg =
        annotated("{\"metric\": \"requests_total\", \"shape\": 50, \"for\": \"10m\"}");
    List<MetricGeneratorStatus.Incident> first = Incidents.of(mg, null, T0);
    assertThat(first)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.state).isEqualTo("Running");
              assertThat(i.startedAt).isEqualTo("2026-12-05T10:00:00Z");
              assertThat(i.endsAt).isEqualTo("2026-12-05T10:10:00Z");
            });
    List<MetricGeneratorStatus.Incident> later =
        Incidents.of(mg, status(first), T0.plusSeconds(300));
    assertThat(later.get(0).id).isEqualTo(first.get(0).id);
    assertThat(later.get(0).startedAt).isEqualTo(first.get(0).startedAt);
    List<MetricGeneratorStatus.Incident> over =
        Incidents.of(mg, status(later), T0.plusSeconds(600));
    assertThat(over.get(0).state).isEqualTo("Ended");
    assertThat(Incidents.file(mg, over)).isEqualTo("[]\n");
    assertThat(Incidents.nextEnd(over)).isNull();
    assertThat(Incidents.nextEnd(later)).isEqualTo(T0.plusSeconds(600));
  }

  @Test
  void oneBadIncidentOfAListIsInvalidAndTheOthersRun() {
    MetricGenerator mg =
        annotated(
            "[{\"metric\": \"active_connections\", \"scale\": 2, \"for\": \"10m\"},"
                + " {\"metric\": \"request_duration_seconds\", \"scale\": 3, \"for\": \"5m\"},"
                + " {\"metric\": \"nope\", \"shape\": 1, \"for\": \"5m\"},"
                + " {\"metric\": \"requests_total\", \"shape\": 1, \"for\": \"5s\"}]");
    List<MetricGeneratorStatus.Incident> incidents = Incidents.of(mg, null, T0);
    assertThat(incidents)
        .extracting(i -> i.state)
        .containsExactly("Invalid", "Running", "Invalid", "Invalid");
    assertThat(incidents.get(0).message)
        .isEqualTo(
            "annotation metricgen.io/incident: scale: is for histograms and summaries;"
                + " active_connections is a gauge");
    assertThat(incidents.get(2).message).contains("no metric \"nope\"");
    assertThat(incidents.get(3).message)
        .contains("[3].for: must be at least the scenario's interval (15s)");
    var file = ScenarioLoader.read("incidents.yaml", Incidents.file(mg, incidents)).tree();
    assertThat(file)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("id").asText()).isEqualTo(incidents.get(1).id);
              assertThat(e.path("startedAt").asText()).isEqualTo("2026-12-05T10:00:00Z");
              assertThat(e.path("scale").asDouble()).isEqualTo(3);
            });
  }

  @Test
  void agedIncidentsEndOnTimeAndTakeUpNothingNew() {
    MetricGenerator mg =
        annotated("{\"metric\": \"requests_total\", \"shape\": 50, \"for\": \"10m\"}");
    List<MetricGeneratorStatus.Incident> running = Incidents.of(mg, null, T0);
    assertThat(Incidents.aged(running, T0.plusSeconds(599)).get(0).state).isEqualTo("Running");
    assertThat(Incidents.aged(running, T0.plusSeconds(600)).get(0).state).isEqualTo("Ended");
    assertThat(running.get(0).state).as("not changed in place").isEqualTo("Running");
    assertThat(Incidents.aged(null, T0)).isNull();
  }

  @Test
  void anAnnotationThatIsNotJsonSaysWhatIsExpected() {
    assertThat(Incidents.of(annotated("metric=requests_total"), null, T0))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.state).isEqualTo("Invalid");
              assertThat(i.message).contains("not JSON").contains("{\"metric\": ...");
            });
    assertThat(Incidents.of(annotated(" "), null, T0)).isEmpty();
  }
}
