package io.metricgen.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.metricgen.operator.model.Conditioned;
import java.util.function.Supplier;

/**
 * Status patches as both reconcilers make them: only when the status changed (no write, no event,
 * for a resource at rest), on a fresh object that carries only name, namespace and status, with the
 * Events that the change calls for.
 */
final class StatusPatch {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusPatch() {}

  /**
   * A patch of {@code status}, or none when it equals {@code before} (the status as read); the
   * events its changed conditions call for are posted.
   */
  static <S extends Conditioned, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(
      KubernetesClient client, R primary, S before, S status, Supplier<R> create) {
    if (before != null && JSON.valueToTree(before).equals(JSON.valueToTree(status))) {
      return UpdateControl.noUpdate();
    }
    ResourceEvents.onTransitions(
        client, primary, before == null ? null : before.conditions(), status.conditions());
    return UpdateControl.patchStatus(fresh(primary, status, create));
  }

  /** A fresh object with only what a status patch needs. */
  static <S, R extends CustomResource<?, S>> R fresh(R primary, S status, Supplier<R> create) {
    R fresh = create.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(primary.getMetadata().getName())
            .withNamespace(primary.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
