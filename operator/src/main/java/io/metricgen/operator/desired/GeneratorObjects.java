package io.metricgen.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
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

  public static ConfigMap scenario(MetricGenerator mg) {
    String yaml;
    try {
      yaml = ScenarioLoader.mapper().writeValueAsString(mg.getSpec().scenario);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the scenario model always serializes", e);
    }
    return new ConfigMapBuilder()
        .withMetadata(Common.owned(mg, Names.scenarioConfigMap(mg), COMPONENT))
        .withData(Map.of(SCENARIO_KEY, yaml))
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
   * The container's arguments: {@code metricgen push} against the Pushgateway, grouped by the
   * resource so that resources sharing a Pushgateway don't replace each other's groups.
   */
  public static List<String> args(MetricGenerator mg) {
    MetricGeneratorSpec.GeneratorSpec g = mg.getSpec().generator;
    List<String> args = new ArrayList<>();
    args.add("push");
    args.add("--file=" + MOUNT + "/" + SCENARIO_KEY);
    args.add("--pushgateway=" + PushgatewayObjects.url(mg));
    args.add("--job=metricgen");
    args.add("--grouping=namespace=" + mg.getMetadata().getNamespace());
    args.add("--grouping=metricgenerator=" + mg.getMetadata().getName());
    args.add("--delete-on-exit");
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
