package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator: the scenario in a ConfigMap, and the metricgen image running {@code push} against
 * the Pushgateway: a Deployment for open-ended runs, a Job when the resource gives a duration (it
 * deletes its Pushgateway group when it ends).
 */
public final class GeneratorObjects {

  public static final String COMPONENT = "generator";
  static final String SCENARIO_KEY = "scenario.yaml";
  static final String MOUNT = "/etc/metricgen";

  private GeneratorObjects() {}

  /**
   * The scenario ConfigMap, with the scenario the resource runs (see {@link EffectiveScenario}) and
   * no incidents.
   */
  public static ConfigMap scenario(
      MetricGenerator mg, com.fasterxml.jackson.databind.JsonNode scenario) {
    return scenario(mg, scenario, "[]\n");
  }

  /**
   * The scenario ConfigMap: the scenario, and the running incidents (see {@link Incidents#file}).
   * The generator watches both files of its volume: a change reaches it as the kubelet updates the
   * volume, without a restart, so its counters run on.
   */
  public static ConfigMap scenario(
      MetricGenerator mg, com.fasterxml.jackson.databind.JsonNode scenario, String incidents) {
    String yaml = ScenarioLoader.write(scenario);
    return new ConfigMapBuilder()
        .withMetadata(Common.owned(mg, Names.scenarioConfigMap(mg), COMPONENT))
        .withData(Map.of(SCENARIO_KEY, yaml, Incidents.FILE_KEY, incidents))
        .build();
  }

  /** Whether the generator runs for a duration (a Job) rather than until the resource goes. */
  public static boolean finite(MetricGenerator mg) {
    MetricGeneratorSpec.GeneratorSpec g = mg.getSpec().generator;
    return g != null && g.duration != null;
  }

  /** A Job when the resource gives a duration, else a Deployment. */
  public static HasMetadata workload(MetricGenerator mg, OperatorConfig config) {
    boolean finite = finite(mg);
    PodSpec pod = pod(mg, config, finite);
    if (finite) {
      return new JobBuilder()
          .withMetadata(Common.owned(mg, Names.generator(mg), COMPONENT))
          .withNewSpec()
          .withBackoffLimit(3)
          .withTemplate(Common.podTemplate(mg, COMPONENT, pod))
          .endSpec()
          .build();
    }
    return Common.deployment(mg, Names.generator(mg), COMPONENT, pod);
  }

  /**
   * The labels the Pushgateway puts on every pushed series (the job and the grouping key): the
   * resource's own group, so that resources sharing a Pushgateway don't replace each other's. The
   * scrape job honours them, so they are the live series' labels, and a history written for the
   * resource carries them too.
   */
  public static Map<String, String> pushedLabels(MetricGenerator mg) {
    return pushedLabels(mg.getMetadata().getNamespace(), mg.getMetadata().getName());
  }

  /** The pushed labels of the MetricGenerator {@code name} in {@code namespace}. */
  public static Map<String, String> pushedLabels(String namespace, String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("job", "metricgen");
    labels.put("namespace", namespace);
    labels.put("metricgenerator", name);
    return labels;
  }

  /** How long operator-made pods keep trying a receiver that has not answered yet. */
  public static final String RECEIVER_WAIT = "5m";

  /**
   * The container's arguments: {@code metricgen push} against the Pushgateway, in the resource's
   * group, counting from the history's start when the resource has one.
   */
  public static List<String> args(MetricGenerator mg) {
    MetricGeneratorSpec.GeneratorSpec g = mg.getSpec().generator;
    List<String> args = new ArrayList<>();
    args.add("push");
    args.add("--file=" + MOUNT + "/" + SCENARIO_KEY);
    // Edits of the scenario and incidents reach the running generator through its volume.
    args.add("--watch");
    args.add("--incidents=" + MOUNT + "/" + Incidents.FILE_KEY);
    args.add("--pushgateway=" + PushgatewayObjects.url(mg));
    // The managed Pushgateway starts beside the generator: wait for it rather than fail.
    args.add("--wait-for-receiver=" + RECEIVER_WAIT);
    pushedLabels(mg)
        .forEach(
            (name, value) ->
                args.add((name.equals("job") ? "--job=" : "--grouping=" + name + "=") + value));
    if (mg.getSpec().history != null && mg.getStatus() != null && mg.getStatus().epoch != null) {
      args.add("--epoch=" + mg.getStatus().epoch);
    }
    args.add("--delete-on-exit");
    if (g != null && Boolean.TRUE.equals(g.nativeHistograms)) {
      args.add("--native-histograms");
    }
    if (finite(mg)) {
      args.add("--duration=" + g.duration);
    }
    return args;
  }

  private static PodSpec pod(MetricGenerator mg, OperatorConfig config, boolean finite) {
    MetricGeneratorSpec.GeneratorSpec g = mg.getSpec().generator;
    Container container =
        new ContainerBuilder()
            .withName("generator")
            .withImage(g != null && g.image != null ? g.image : config.generatorImage())
            .withCommand("metricgen")
            .withArgs(args(mg))
            .withResources(g == null ? null : g.resources)
            .withSecurityContext(Common.restrictedContainer())
            .addNewVolumeMount()
            .withName("scenario")
            .withMountPath(MOUNT)
            .withReadOnly(true)
            .endVolumeMount()
            .build();
    return new PodSpecBuilder()
        .withSecurityContext(Common.restrictedPod())
        .withAutomountServiceAccountToken(false)
        .withRestartPolicy(finite ? "OnFailure" : "Always")
        .withImagePullSecrets(g == null ? null : g.imagePullSecrets)
        .withContainers(container)
        .addNewVolume()
        .withName("scenario")
        .withNewConfigMap()
        .withName(Names.scenarioConfigMap(mg))
        .endConfigMap()
        .endVolume()
        .build();
  }
}
