package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.testing.MockCluster.await;

import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long the operator takes to bring many resources to their objects and status, on the mock API
 * server. A measurement, not a test: it runs only when asked for, and prints its numbers.
 *
 * <pre>./mvnw -B test -Dtest=OperatorBenchmark -Dmetricgen.benchmark=500</pre>
 */
@EnabledIfSystemProperty(named = "metricgen.benchmark", matches = "\\d+")
class OperatorBenchmark {

  @Test
  void manyResources() {
    int n = Integer.parseInt(System.getProperty("metricgen.benchmark"));
    try (MockCluster cluster = new MockCluster()) {
      cluster.namespace("team-a");
      cluster.namespace("monitoring");
      cluster.startOperator();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
        mg.getMetadata().setName("mg-" + i);
        cluster.client().resource(mg).create();
      }
      double created = (System.nanoTime() - start) / 1e9;
      var all = cluster.client().resources(MetricGenerator.class).inNamespace("team-a");
      await(
          () ->
              all.list().getItems().stream()
                      .filter(
                          m -> m.getStatus() != null && m.getStatus().observedGeneration != null)
                      .count()
                  == n,
          n + " resources with status",
          600);
      double done = (System.nanoTime() - start) / 1e9;
      System.gc();
      long heap = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heap += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf(
          "%d MetricGenerators: created in %.1f s, all reconciled with status in %.1f s"
              + " (%.0f/s); peak heap of the JVM (operator and mock server) %.0f MiB%n",
          n, created, done, n / done, heap / 1048576.0);
    }
  }
}
