package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.testing.LocalPod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A Backfill's pods as local processes, for the tests that run them against real programs. */
final class BackfillPods {

  private BackfillPods() {}

  /**
   * Makes what the operator makes before the Job (the empty checkpoint ConfigMaps, on the mock API
   * server), puts the scenario where the pods mount it (a directory under {@code dir}), and returns
   * the rendered Job's container command.
   */
  static List<String> prepare(BackfillRun run, KubernetesClient client, Path dir) throws Exception {
    for (ConfigMap cm : BackfillObjects.checkpoints(run).values()) {
      client.resource(cm).create();
    }
    Path mount = Files.createDirectories(dir);
    Files.writeString(mount.resolve("scenario.yaml"), run.scenarioYaml());
    Container container = container(run);
    return LocalPod.command(container, GeneratorObjects.MOUNT, mount);
  }

  static Container container(BackfillRun run) {
    return BackfillObjects.job(run, OperatorConfig.DEFAULT)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }
}
