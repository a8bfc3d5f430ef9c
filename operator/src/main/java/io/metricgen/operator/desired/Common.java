package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.metricgen.operator.model.MetricGenerator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels, owner references and security contexts shared by every object a resource gets. */
final class Common {

  private Common() {}

  /** Labels that say which resource made an object and what part it is. */
  static Map<String, String> labels(MetricGenerator mg, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "metricgen");
    labels.put("app.kubernetes.io/instance", mg.getMetadata().getName());
    labels.put(Names.COMPONENT_LABEL, component);
    labels.put(Names.MANAGED_BY_LABEL, Names.MANAGED_BY);
    return labels;
  }

  /** Labels that select a component's pods (stable: a Deployment's selector can't change). */
  static Map<String, String> selector(MetricGenerator mg, String component) {
    return Map.of(
        "app.kubernetes.io/instance",
        mg.getMetadata().getName(),
        "app.kubernetes.io/component",
        component);
  }

  /** Metadata of an object in the resource's namespace, owned by it (deleted with it). */
  static ObjectMeta owned(MetricGenerator mg, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(mg.getMetadata().getNamespace())
        .withLabels(labels(mg, component))
        .withOwnerReferences(owner(mg))
        .build();
  }

  static OwnerReference owner(MetricGenerator mg) {
    return new OwnerReferenceBuilder()
        .withApiVersion(mg.getApiVersion())
        .withKind(mg.getKind())
        .withName(mg.getMetadata().getName())
        .withUid(mg.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** A pod template labelled as the component's. */
  static PodTemplateSpec podTemplate(MetricGenerator mg, String component, PodSpec pod) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels(mg, component))
        .endMetadata()
        .withSpec(pod)
        .build();
  }

  /** A single-replica Deployment of a component, owned by the resource. */
  static Deployment deployment(MetricGenerator mg, String name, String component, PodSpec pod) {
    return new DeploymentBuilder()
        .withMetadata(owned(mg, name, component))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(selector(mg, component))
        .endSelector()
        .withTemplate(podTemplate(mg, component, pod))
        .endSpec()
        .build();
  }

  /** The pod side of the restricted Pod Security Standard. */
  static PodSecurityContext restrictedPod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(65534L)
        .withRunAsGroup(65534L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** The container side of the restricted Pod Security Standard. */
  static SecurityContext restrictedContainer() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }
}
