package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;

/** The managed Pushgateway: a Deployment and a Service on 9091, restricted, with probes. */
public final class PushgatewayObjects {

  public static final String COMPONENT = "pushgateway";
  static final int PORT = 9091;

  private PushgatewayObjects() {}

  /** Whether the resource asks for a Pushgateway of its own (the default). */
  public static boolean managed(MetricGenerator mg) {
    MetricGeneratorSpec.PushgatewaySpec pg = mg.getSpec().pushgateway;
    return pg == null || (pg.managed == null ? pg.url == null : pg.managed);
  }

  /** Where the generator pushes: the managed Pushgateway's Service, or the external URL. */
  public static String url(MetricGenerator mg) {
    return managed(mg) ? Names.pushgatewayUrl(mg) : mg.getSpec().pushgateway.url;
  }

  public static Deployment deployment(MetricGenerator mg, OperatorConfig config) {
    MetricGeneratorSpec.PushgatewaySpec pg = mg.getSpec().pushgateway;
    String image = pg != null && pg.image != null ? pg.image : config.pushgatewayImage();
    PodSpec pod =
        new PodSpecBuilder()
            .withSecurityContext(Common.restrictedPod())
            .withAutomountServiceAccountToken(false)
            .withImagePullSecrets(
                mg.getSpec().generator == null ? null : mg.getSpec().generator.imagePullSecrets)
            .withContainers(
                new ContainerBuilder()
                    .withName("pushgateway")
                    .withImage(image)
                    .addNewPort()
                    .withName("http")
                    .withContainerPort(PORT)
                    .endPort()
                    .withReadinessProbe(probe("/-/ready"))
                    .withLivenessProbe(probe("/-/healthy"))
                    .withSecurityContext(Common.restrictedContainer())
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("10m"))
                    .addToRequests("memory", new Quantity("32Mi"))
                    .addToLimits("memory", new Quantity("128Mi"))
                    .endResources()
                    .build())
            .build();
    return Common.deployment(mg, Names.pushgateway(mg), COMPONENT, pod);
  }

  public static Service service(MetricGenerator mg) {
    return new ServiceBuilder()
        .withMetadata(Common.owned(mg, Names.pushgateway(mg), COMPONENT))
        .withNewSpec()
        .withSelector(Common.selector(mg, COMPONENT))
        .addNewPort()
        .withName("http")
        .withPort(PORT)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }

  private static Probe probe(String path) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(10)
        .build();
  }
}
