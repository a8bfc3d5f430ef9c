package io.metricgen.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.metricgen.operator.model.Conditioned;

/**
 * Status writes as both reconcilers make them: only when the status changed (no write, no event,
 * for a resource at rest), with the Events that the change calls for.
 *
 * <p>The write is an update of the status subresource with the resourceVersion the reconciler read
 * (optimistic locking), the same with and without server-side apply: on a conflict it waits for the
 * newer version in the informer's cache and writes the whole status again over it. JOSDK's own
 * patch without server-side apply sends a JSON Patch of the difference from the cached object,
 * which on a cache one write behind applies list operations to the wrong conditions and leaves a
 * status mixed from two passes (Ready=True beside a stale Degraded=True).
 */
final class StatusPatch {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusPatch() {}

  /**
   * Writes {@code status} unless it equals {@code before} (the status as read), posting the events
   * its changed conditions call for. The write is done here; the returned control asks JOSDK for
   * none, so that a reschedule can still be added to it.
   */
  static <S extends Conditioned, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(
      Context<R> context, R primary, S before, S status) {
    if (before != null && JSON.valueToTree(before).equals(JSON.valueToTree(status))) {
      return UpdateControl.noUpdate();
    }
    ResourceEvents.onTransitions(
        context.getClient(),
        primary,
        before == null ? null : before.conditions(),
        status.conditions());
    write(context, primary, status);
    return UpdateControl.noUpdate();
  }

  /** Replaces the primary's status with {@code status}, as {@link #ifChanged} does, always. */
  static <S, R extends CustomResource<?, S>> void write(Context<R> context, R primary, S status) {
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        primary,
        context,
        current -> {
          R copy =
              context
                  .getControllerConfiguration()
                  .getConfigurationService()
                  .getResourceCloner()
                  .clone(current);
          copy.setStatus(status);
          return copy;
        });
  }
}
