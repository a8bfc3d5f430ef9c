package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a resource for what its owner must notice: each change of its Ready
 * condition (an invalid spec, a missing dashboard source, an unparsable scrape Secret, running, a
 * backfill that succeeded or failed), its expiry, and each change of DashboardsHaveData. Events
 * follow the status: one per transition, none for a resource at rest, none again after an operator
 * restart. Posting an event is best effort: a refusal is logged, and the reconciliation goes on.
 */
final class ResourceEvents {

  static final String COMPONENT = "metricgen-operator";

  private static final Logger LOG = LoggerFactory.getLogger(ResourceEvents.class);

  private ResourceEvents() {}

  /** Posts the events that the change from {@code before} to {@code after} calls for. */
  static void onTransitions(
      KubernetesClient client,
      HasMetadata resource,
      List<Condition> before,
      List<Condition> after) {
    Optional<Condition> ready = changed(StatusAggregator.READY, before, after, true);
    ready.ifPresent(
        c -> {
          boolean stalled =
              find(after, StatusAggregator.STALLED)
                  .map(s -> "True".equals(s.getStatus()))
                  .orElse(false);
          post(client, resource, stalled ? "Warning" : "Normal", c, before);
        });
    changed(DashboardDataCheck.CONDITION, before, after, true)
        .ifPresent(
            c ->
                post(
                    client,
                    resource,
                    "False".equals(c.getStatus()) ? "Warning" : "Normal",
                    c,
                    before));
    changed(IncidentCondition.TYPE, before, after, true)
        .ifPresent(
            c ->
                post(
                    client,
                    resource,
                    "Invalid".equals(c.getReason()) ? "Warning" : "Normal",
                    c,
                    before));
    changed(StatusAggregator.EXPIRED, before, after, false)
        .filter(c -> "True".equals(c.getStatus()))
        .ifPresent(c -> post(client, resource, "Normal", c, before));
  }

  /**
   * The condition of {@code type} in {@code after} when it differs from {@code before} in status
   * (and, with {@code byReason}, in reason).
   */
  private static Optional<Condition> changed(
      String type, List<Condition> before, List<Condition> after, boolean byReason) {
    Optional<Condition> now = find(after, type);
    Optional<Condition> was = find(before, type);
    if (now.isEmpty()) {
      return Optional.empty();
    }
    boolean same =
        was.isPresent()
            && Objects.equals(was.get().getStatus(), now.get().getStatus())
            && (!byReason || Objects.equals(was.get().getReason(), now.get().getReason()));
    return same ? Optional.empty() : now;
  }

  private static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * Posts the event for a condition's transition. Its name is made from the transition (the
   * resource, the condition's new status and reason, and when the condition it leaves began), so
   * that a reconciliation retried after its status write failed posts no second event.
   */
  private static void post(
      KubernetesClient client,
      HasMetadata resource,
      String type,
      Condition condition,
      List<Condition> before) {
    String reason =
        condition.getType().equals(StatusAggregator.EXPIRED) ? "Expired" : condition.getReason();
    String message = condition.getMessage();
    String left =
        find(before, condition.getType()).map(Condition::getLastTransitionTime).orElse("-");
    String transition =
        String.join(
            "/",
            String.valueOf(resource.getMetadata().getUid()),
            condition.getType(),
            condition.getStatus(),
            reason,
            left);
    String name =
        resource.getMetadata().getName()
            + "."
            + Integer.toHexString(transition.hashCode() & 0x7fffffff);
    String now = StatusAggregator.time(Instant.now());
    try {
      client
          .v1()
          .events()
          .inNamespace(resource.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(resource.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(resource.getApiVersion())
                  .withKind(resource.getKind())
                  .withName(resource.getMetadata().getName())
                  .withNamespace(resource.getMetadata().getNamespace())
                  .withUid(resource.getMetadata().getUid())
                  .withResourceVersion(resource.getMetadata().getResourceVersion())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  // The API server refuses notes over 1 KiB.
                  .withMessage(message.length() > 1000 ? message.substring(0, 1000) + "…" : message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return; // posted already, by the attempt whose status write failed
      }
      LOG.warn(
          "cannot post event {} on {}/{}: {}",
          reason,
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
