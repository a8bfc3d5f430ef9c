package io.metricgen.operator.controller;

import static io.metricgen.operator.controller.OperatorTestSupport.example;
import static io.metricgen.testing.MockCluster.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the operator costs with many resources, on the mock API server. A measurement, not a test:
 * it runs only when asked for, and prints its numbers.
 *
 * <ul>
 *   <li>the time from the first create to every MetricGenerator {@code Ready=True} (a watch here
 *       plays the Deployment controller: each Deployment reports an available replica as soon as it
 *       is made);
 *   <li>the operator's own live heap at rest: the heap in use after a full GC with the operator
 *       running and idle, less the same once it has stopped (what is left is the mock API server's
 *       objects and this benchmark's watches);
 *   <li>the API requests per resource on a resync at rest (a second operator looks at every
 *       resource again every 20 s with nothing changed; the goal is none: reads from the informers'
 *       caches, no writes).
 * </ul>
 *
 * <pre>./mvnw -B test -pl operator -Dtest=OperatorBenchmark -Dmetricgen.benchmark=500</pre>
 */
@EnabledIfSystemProperty(named = "metricgen.benchmark", matches = "\\d+")
class OperatorBenchmark {

  private static final Duration RESYNC = Duration.ofSeconds(20);

  @Test
  void manyResources() throws Exception {
    int n = Integer.parseInt(System.getProperty("metricgen.benchmark"));
    try (MockCluster cluster = new MockCluster();
        DeploymentController deployments = new DeploymentController(cluster)) {
      cluster.namespace("team-a");
      cluster.namespace("monitoring");
      cluster.namespace("grafana");
      cluster.startOperator();
      SharedIndexInformer<MetricGenerator> all =
          cluster.client().resources(MetricGenerator.class).inNamespace("team-a").inform();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        MetricGenerator mg = example("metricgenerator-preview.yaml", "team-a");
        mg.getMetadata().setName("mg-" + i);
        cluster.client().resource(mg).create();
      }
      double created = (System.nanoTime() - start) / 1e9;
      await(() -> ready(all.getStore().list()) == n, n + " resources Ready", 1200);
      double done = (System.nanoTime() - start) / 1e9;

      // The heap at rest (the default resync is minutes away), then without the operator.
      cluster.awaitIdle("the passes after Ready");
      cluster.takeRequests(); // the mock server keeps each request until it is taken
      long withOperator = liveHeap();
      cluster.stopOperator();
      cluster.takeRequests();
      long without = liveHeap();

      // A second operator, looking at every resource again every RESYNC: once its first passes
      // are over, count what two rounds at rest ask of the API server.
      cluster.startOperator(MetricgenOperator.Settings.defaults().withResync(RESYNC));
      Thread.sleep(RESYNC.toMillis());
      cluster.takeRequests();
      double passesBefore = cluster.endedReconciliations();
      long cpuBefore = cpu();
      Thread.sleep(2 * RESYNC.toMillis());
      List<String> requests = cluster.takeRequests();
      double passes = cluster.endedReconciliations() - passesBefore;
      double cpuMs = (cpu() - cpuBefore) / 1e6;
      Map<String, Integer> byKind = new TreeMap<>();
      long writes = 0;
      for (String r : requests) {
        byKind.merge(
            r.replaceAll("\\?.*", "").replaceAll("/(mg|pushgateway|metricgen)-[\\w-]+", "/NAME"),
            1,
            Integer::sum);
        writes += r.startsWith("GET") ? 0 : 1;
      }
      all.close();
      System.out.printf(
          Locale.ROOT,
          "%d MetricGenerators: created in %.1f s, all Ready in %.1f s (%.0f/s)%n"
              + "operator's live heap at rest %.0f MiB (%.0f KiB per resource; %.0f MiB with the"
              + " mock server, %.0f MiB without)%n"
              + "resync at rest: %.0f passes, %.2f requests per pass, %.2f of them writes,"
              + " %.2f ms CPU of the JVM per pass%n%s%n",
          n,
          created,
          done,
          n / done,
          (withOperator - without) / 1048576.0,
          (withOperator - without) / 1024.0 / n,
          withOperator / 1048576.0,
          without / 1048576.0,
          passes,
          passes == 0 ? 0 : requests.size() / passes,
          passes == 0 ? 0 : writes / passes,
          passes == 0 ? 0 : cpuMs / passes,
          byKind);
    }
  }

  private static long ready(List<MetricGenerator> resources) {
    return resources.stream()
        .filter(
            m ->
                m.getStatus() != null
                    && m.getStatus().conditions.stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .count();
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The heap in use after full collections. */
  private static long liveHeap() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Plays the Deployment controller: every Deployment made reports one available replica. */
  private static final class DeploymentController implements AutoCloseable {
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final SharedIndexInformer<Deployment> informer;

    DeploymentController(MockCluster cluster) {
      informer =
          cluster
              .client()
              .apps()
              .deployments()
              .inNamespace("team-a")
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment d) {
                      writer.execute(
                          () -> cluster.makeAvailable("team-a", d.getMetadata().getName()));
                    }

                    @Override
                    public void onUpdate(Deployment before, Deployment after) {}

                    @Override
                    public void onDelete(Deployment d, boolean unknown) {}
                  });
    }

    @Override
    public void close() {
      informer.close();
      writer.shutdownNow();
    }
  }
}
