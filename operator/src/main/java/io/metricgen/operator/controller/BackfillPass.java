package io.metricgen.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.metricgen.operator.desired.BackfillRun;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.Backfill;

/**
 * What the Backfill reconciler hands its dependents and conditions for one pass: the operator's
 * configuration, the resolved run, and whether the resource has expired (its objects then go).
 *
 * @param run null when the pass only removes (expiry, deletion)
 */
record BackfillPass(OperatorConfig config, BackfillRun run, boolean expired) {

  void attachTo(Context<Backfill> context) {
    context.managedWorkflowAndDependentResourceContext().put(BackfillPass.class, this);
  }

  static BackfillPass of(Context<Backfill> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(BackfillPass.class, BackfillPass.class);
  }

  /** Not expired: the workflow's one condition (an expired Backfill's objects go). */
  static final class Active
      implements io.javaoperatorsdk.operator.processing.dependent.workflow.Condition<
          io.fabric8.kubernetes.api.model.HasMetadata, Backfill> {
    @Override
    public boolean isMet(
        io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource<
                io.fabric8.kubernetes.api.model.HasMetadata, Backfill>
            dependent,
        Backfill bf,
        Context<Backfill> context) {
      return !of(context).expired();
    }
  }
}
