package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.BackfillObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.Backfill;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A Backfill's dependents, each a thin {@code desired()} over {@link BackfillObjects}. All are
 * deleted explicitly (at expiry and deletion) rather than left to the garbage collector, so that
 * expiry can remove them while the resource stays. What the run reads (its scenario, its
 * checkpoints, the Job) is created once and never updated.
 */
final class BackfillDependents {

  private BackfillDependents() {}

  static ResourceID id(Backfill bf, String name) {
    return new ResourceID(name, bf.getMetadata().getNamespace());
  }

  /** The scenario the pods read: fixed for the run. */
  @KubernetesDependent(
      informer = @Informer(name = Scenario.NAME, labelSelector = Selectors.BACKFILL))
  static class Scenario extends KubernetesDependentResource<ConfigMap, Backfill>
      implements Creator<ConfigMap, Backfill>, Deleter<Backfill> {

    static final String NAME = "backfill-scenario";

    Scenario() {
      super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Backfill bf, Context<Backfill> context) {
      return BackfillObjects.scenario(BackfillPass.of(context).run());
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Backfill bf, Context<Backfill> context) {
      return id(bf, Names.backfillScenario(bf));
    }
  }

  /** One checkpoint ConfigMap per shard, created empty; the pods fill them. */
  @KubernetesDependent(
      informer = @Informer(name = Checkpoints.NAME, labelSelector = Selectors.CHECKPOINT))
  static class Checkpoints extends KubernetesDependentResource<ConfigMap, Backfill>
      implements KubernetesBulkDependentResource<ConfigMap, Backfill>,
          Creator<ConfigMap, Backfill>,
          Deleter<Backfill> {

    static final String NAME = "backfill-checkpoints";

    Checkpoints() {
      super(ConfigMap.class);
    }

    @Override
    public Map<ResourceID, ConfigMap> desiredResources(Backfill bf, Context<Backfill> context) {
      Map<ResourceID, ConfigMap> out = new LinkedHashMap<>();
      BackfillObjects.checkpoints(BackfillPass.of(context).run())
          .forEach((name, cm) -> out.put(id(bf, name), cm));
      return out;
    }

    @Override
    public Predicate<ConfigMap> secondaryResourceFilter(Backfill bf, Context<Backfill> context) {
      return of(bf);
    }

    /** Whether a ConfigMap is one of {@code bf}'s checkpoints. */
    static Predicate<ConfigMap> of(Backfill bf) {
      String prefix = Names.checkpointPrefix(bf) + "-";
      return cm -> cm.getMetadata().getName().startsWith(prefix);
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKFILL))
  static class Account extends CRUDNoGCKubernetesDependentResource<ServiceAccount, Backfill> {
    Account() {
      super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(Backfill bf, Context<Backfill> context) {
      return BackfillObjects.serviceAccount(bf);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Backfill bf, Context<Backfill> context) {
      return id(bf, Names.backfill(bf));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKFILL))
  static class AccountRole extends CRUDNoGCKubernetesDependentResource<Role, Backfill> {
    AccountRole() {
      super(Role.class);
    }

    @Override
    protected Role desired(Backfill bf, Context<Backfill> context) {
      return BackfillObjects.role(BackfillPass.of(context).run());
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Backfill bf, Context<Backfill> context) {
      return id(bf, Names.backfill(bf));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKFILL))
  static class AccountBinding extends CRUDNoGCKubernetesDependentResource<RoleBinding, Backfill> {
    AccountBinding() {
      super(RoleBinding.class);
    }

    @Override
    protected RoleBinding desired(Backfill bf, Context<Backfill> context) {
      return BackfillObjects.roleBinding(bf);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Backfill bf, Context<Backfill> context) {
      return id(bf, Names.backfill(bf));
    }
  }

  /**
   * The Indexed Job: created once and never patched, as its pod template can't change. Deleted with
   * its pods (background propagation), never orphaning them.
   */
  @KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKFILL))
  static class Run extends KubernetesDependentResource<Job, Backfill>
      implements Creator<Job, Backfill>, Deleter<Backfill> {

    static final String NAME = "backfill-job";

    Run() {
      super(Job.class);
    }

    @Override
    protected Job desired(Backfill bf, Context<Backfill> context) {
      BackfillPass pass = BackfillPass.of(context);
      return BackfillObjects.job(pass.run(), pass.config());
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Backfill bf, Context<Backfill> context) {
      return id(bf, Names.backfill(bf));
    }

    @Override
    protected void handleDelete(Backfill bf, Job job, Context<Backfill> context) {
      if (job == null) {
        return;
      }
      context
          .getClient()
          .resource(job)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    }
  }
}
