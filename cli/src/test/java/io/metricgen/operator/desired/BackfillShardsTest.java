package io.metricgen.operator.desired;

import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.cli.Main;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.remotewrite.Checkpoint;
import io.metricgen.operator.model.Backfill;
import io.metricgen.testing.LocalPod;
import io.metricgen.testing.MockCluster;
import io.metricgen.testing.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Backfill's pods as local processes: the rendered Job's command for each shard, with {@code
 * JOB_COMPLETION_INDEX} set as the Job controller sets it, checkpoints in ConfigMaps of the mock
 * API server, writing into a real Prometheus with no out-of-order window. One shard runs ahead
 * alone, waits for the others, is killed and restarted; what is stored equals an unsharded {@code
 * metricgen backfill} of the same range, sample for sample.
 */
class BackfillShardsTest {

  private static final String NS = "shop";
  private static final String CONFIG = "global:\n  scrape_interval: 1h\n";

  private static final String YAML =
      "apiVersion: metricgen.io/v1alpha1\n"
          + "kind: Backfill\n"
          + "metadata: {name: shards, namespace: shop, uid: uid-shards}\n"
          + "spec:\n"
          + "  start: %s\n"
          + "  end: %s\n"
          + "  shards: 4\n"
          + "  target: {url: %s}\n"
          + "  scenario:\n"
          + "    interval: 60s\n"
          + "    seed: 3\n"
          + "    metrics:\n"
          + "      - name: sh_requests_total\n"
          + "        type: counter\n"
          + "        labels: {code: ['200', '404', '500'], region: [eu, us]}\n"
          + "        rate: {uniform: {min: 1, max: 9}}\n"
          + "      - name: sh_queue\n"
          + "        type: gauge\n"
          + "        labels: {queue: [a, b, c]}\n"
          + "        value: {randomWalk: {start: 50, step: 3, min: 0, max: 100}}\n"
          + "      - name: sh_latency_seconds\n"
          + "        type: histogram\n"
          + "        buckets: [0.1, 0.5, 1]\n"
          + "        labels: {route: [/a, /b]}\n"
          + "        rate: {constant: 5}\n"
          + "        distribution: {logNormal: {p50: 0.3, p99: 1.5}}\n";

  @Test
  void fourShardsOneKilledAndRestartedStoreWhatOneProcessStores(@TempDir Path dir)
      throws Exception {
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(12, ChronoUnit.HOURS);
    try (MockCluster cluster = new MockCluster();
        PrometheusServer sharded =
            PrometheusServer.start(
                dir.resolve("sharded"), CONFIG, "--web.enable-remote-write-receiver");
        PrometheusServer single =
            PrometheusServer.start(
                dir.resolve("single"), CONFIG, "--web.enable-remote-write-receiver")) {
      KubernetesClient client = cluster.client();
      cluster.namespace(NS);
      Backfill bf =
          ScenarioLoader.parse(
              "shards.yaml",
              String.format(YAML, start, end, sharded.url() + "/api/v1/write"),
              Backfill.class);
      BackfillRun run = BackfillRun.of(bf, null, OperatorConfig.DEFAULT, Instant.now());
      Path mount = dir.resolve("etc-metricgen");
      List<String> command = BackfillPods.prepare(run, client, mount);
      Container container = BackfillPods.container(run);
      String master = client.getMasterUrl().toString();

      // Shard 2 alone: it writes two slices, then waits for the others, more than a slice behind.
      Process early = pod(command, 2, master, dir.resolve("shard-2-first.log"));
      Path firstLog = dir.resolve("shard-2-first.log");
      await(() -> nextStep(client, 2) == 60 || !early.isAlive(), "shard 2 to wait at step 60", 60);
      assertThat(nextStep(client, 2)).as(Files.readString(firstLog)).isEqualTo(60);
      await(
          () -> read(firstLog).contains("shard 2 waits at step 60 for shard"),
          "shard 2 to say it waits",
          30);
      assertThat(early.isAlive()).isTrue();
      early.destroyForcibly().waitFor();

      List<Process> pods = new ArrayList<>();
      for (int shard : new int[] {0, 1, 3, 2}) {
        pods.add(pod(command, shard, master, dir.resolve("shard-" + shard + ".log")));
      }
      for (int i = 0; i < pods.size(); i++) {
        Process p = pods.get(i);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("pod %d ends", i).isTrue();
        assertThat(p.exitValue())
            .as(Files.readString(dir.resolve("shard-" + new int[] {0, 1, 3, 2}[i] + ".log")))
            .isZero();
      }
      assertThat(Files.readString(dir.resolve("shard-2.log"))).contains("resuming from ConfigMap");
      for (int shard = 0; shard < 4; shard++) {
        assertThat(nextStep(client, shard)).isEqualTo(720);
      }

      // One process, no shards, the same range and labels, into a fresh Prometheus.
      List<String> args = new ArrayList<>();
      for (String a : container.getArgs()) {
        if (a.startsWith("--shards") || a.startsWith("--checkpoint-configmap")) {
          continue;
        }
        args.add(
            a.replace("/etc/metricgen", mount.toString()).replace(sharded.url(), single.url()));
      }
      args.add("--checkpoint=" + dir.resolve("single.checkpoint"));
      assertThat(Main.run(args.toArray(String[]::new))).isZero();

      Map<String, String> fromShards = samples(sharded, end);
      Map<String, String> fromOne = samples(single, end);
      // 6 counters, 3 gauges, 2 histograms of 4 buckets, a sum and a count: 21 sample lines.
      assertThat(fromShards).hasSize(21);
      assertThat(fromShards).isEqualTo(fromOne);
      assertThat(fromOne.values()).allSatisfy(v -> assertThat(v.split("\\],\\[")).hasSize(720));
    }
  }

  /** A shard's pod: the Job's command, with the environment a pod of an Indexed Job has. */
  private static Process pod(List<String> command, int shard, String master, Path log)
      throws Exception {
    return LocalPod.indexed(command, shard, master, NS)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static long nextStep(KubernetesClient client, int shard) {
    ConfigMap cm =
        client.configMaps().inNamespace(NS).withName("shards-backfill-shard-" + shard).get();
    try {
      Checkpoint.State s =
          Checkpoint.State.parse(
              cm.getData() == null ? null : cm.getData().get(BackfillObjects.CHECKPOINT_KEY));
      return s == null ? -1 : s.nextStep();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every stored sample of every series, as Prometheus returns them, by series. */
  private static Map<String, String> samples(PrometheusServer prometheus, Instant end)
      throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode series : prometheus.query("{__name__=~\"sh_.*\"}[13h]", end)) {
      out.put(PrometheusServer.seriesKey(series.path("metric")), series.path("values").toString());
    }
    return out;
  }
}
