package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the operator on one cluster: the Lease holder reconciles, and when it stops, the
 * other takes the Lease over and reconciles what comes next.
 */
class LeaderElectionTest {

  private MockCluster cluster;
  private KubernetesClient client;
  private MetricgenOperator second;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    cluster.namespace("team-a");
    cluster.namespace("metricgen");
    cluster.allowLeases("metricgen");
  }

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    cluster.close();
  }

  private static MetricgenOperator.Settings replica(String identity) {
    return replica(identity, new PrometheusRegistry());
  }

  private static MetricgenOperator.Settings replica(String identity, PrometheusRegistry registry) {
    return new MetricgenOperator.Settings(
        OperatorConfig.DEFAULT,
        Set.of("team-a"),
        Clock.systemUTC(),
        Duration.ofMinutes(1),
        registry,
        new MetricgenOperator.LeaderElection(
            "metricgen",
            identity,
            Duration.ofSeconds(2),
            Duration.ofMillis(1500),
            Duration.ofMillis(250),
            false),
        null,
        null);
  }

  private String holder() {
    Lease lease =
        client
            .leases()
            .inNamespace("metricgen")
            .withName(MetricgenOperator.LeaderElection.LEASE)
            .get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private boolean reconciled(String name) {
    MetricGenerator mg = cluster.get("team-a", name);
    return mg != null && mg.getStatus() != null && mg.getStatus().phase != null;
  }

  @Test
  void theLeaseHolderReconcilesAndTheOtherReplicaTakesOverWhenItStops() {
    cluster.startOperator(replica("replica-a"));
    await(() -> "replica-a".equals(holder()), "replica-a to hold the Lease");
    PrometheusRegistry standby = new PrometheusRegistry();
    second = MetricgenOperator.create(client, replica("replica-b", standby));
    second.start();
    // The standby is ready too (its caches are warm), so a rollout of two replicas completes.
    await(() -> second.ready(), "the standby to report ready");

    MetricGenerator first = example("metricgenerator-quickstart.yaml", "team-a");
    client.resource(first).create();
    await(() -> reconciled("quickstart"), "the leader to reconcile");
    assertThat(holder()).isEqualTo("replica-a");
    assertThat(cluster.startedReconciliations()).as("the leader's").isPositive();
    assertThat(MockCluster.total(standby, "metricgen_operator_reconciliations_total", null, null))
        .as("the standby reconciled nothing")
        .isZero();

    cluster.stopOperator();
    await(() -> "replica-b".equals(holder()), "replica-b to take the Lease over");
    MetricGenerator next = example("metricgenerator-quickstart.yaml", "team-a");
    next.getMetadata().setName("after-failover");
    client.resource(next).create();
    await(() -> reconciled("after-failover"), "the new leader to reconcile");
    assertThat(MockCluster.total(standby, "metricgen_operator_reconciliations_total", null, null))
        .as("the new leader's")
        .isPositive();
  }
}
