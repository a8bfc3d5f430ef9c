package io.metricgen.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events follow transitions: one per transition, even when a reconciliation is retried. */
class ResourceEventsTest {

  private static Condition ready(String status, String reason, String since) {
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus(status)
        .withReason(reason)
        .withMessage(reason)
        .withLastTransitionTime(since)
        .build();
  }

  @Test
  void aRetriedTransitionPostsOneEventAndALaterOneItsOwn() {
    try (MockCluster cluster = new MockCluster()) {
      cluster.namespace("team-a");
      MetricGenerator mg = OperatorTestSupport.example("metricgenerator-quickstart.yaml", "team-a");
      mg.getMetadata().setUid("u-1");
      List<Condition> pending = List.of(ready("False", "Progressing", "2026-11-30T10:00:00Z"));
      List<Condition> running = List.of(ready("True", "Running", "2026-11-30T10:01:00Z"));
      // The first attempt's status write failed; the retry sees the same status as before.
      ResourceEvents.onTransitions(cluster.client(), mg, pending, running);
      ResourceEvents.onTransitions(
          cluster.client(), mg, pending, List.of(ready("True", "Running", "2026-11-30T10:01:07Z")));
      assertThat(reasons(cluster)).containsExactly("Running");
      // Later it goes back to pending and then runs again: a transition of its own.
      List<Condition> again = List.of(ready("False", "Progressing", "2026-11-30T11:00:00Z"));
      ResourceEvents.onTransitions(cluster.client(), mg, running, again);
      ResourceEvents.onTransitions(
          cluster.client(), mg, again, List.of(ready("True", "Running", "2026-11-30T11:02:00Z")));
      assertThat(reasons(cluster)).containsExactlyInAnyOrder("Running", "Progressing", "Running");
    }
  }

  private static List<String> reasons(MockCluster cluster) {
    return cluster.client().v1().events().inNamespace("team-a").list().getItems().stream()
        .map(e -> e.getReason())
        .toList();
  }
}
