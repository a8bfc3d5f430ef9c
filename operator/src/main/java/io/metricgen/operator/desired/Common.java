package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels, owner references and security contexts shared by every object a resource (a
 * MetricGenerator or a Backfill) gets.
 */
final class Common {

  private Common() {}

  /** Labels that say which resource made an object and what part it is. */
  static Map<String, String> labels(HasMetadata owner, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "metricgen");
    labels.put("app.kubernetes.io/instance", owner.getMetadata().getName());
    labels.put(Names.COMPONENT_LABEL, component);
    labels.put(Names.MANAGED_BY_LABEL, Names.MANAGED_BY);
    return labels;
  }

  /** Labels that select a component's pods (stable: a Deployment's selector can't change). */
  static Map<String, String> selector(HasMetadata owner, String component) {
    return Map.of(
        "app.kubernetes.io/instance",
        owner.getMetadata().getName(),
        "app.kubernetes.io/component",
        component);
  }

  /** Metadata of an object in the resource's namespace, owned by it (deleted with it). */
  static ObjectMeta owned(HasMetadata owner, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels(owner, component))
        .withOwnerReferences(owner(owner))
        .build();
  }

  static OwnerReference owner(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** A pod template labelled as the component's. */
  static PodTemplateSpec podTemplate(HasMetadata owner, String component, PodSpec pod) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels(owner, component))
        .endMetadata()
        .withSpec(pod)
        .build();
  }

  /** A single-replica Deployment of a component, owned by the resource. */
  static Deployment deployment(HasMetadata owner, String name, String component, PodSpec pod) {
    return new DeploymentBuilder()
        .withMetadata(owned(owner, name, component))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(selector(owner, component))
        .endSelector()
        .withTemplate(podTemplate(owner, component, pod))
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
