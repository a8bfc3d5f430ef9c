package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillSpec;
import io.metricgen.operator.model.RemoteWriteTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Backfill's objects: the scenario, one checkpoint ConfigMap per shard, a ServiceAccount whose
 * Role may read and update those ConfigMaps by name and nothing else, and one Indexed Job whose
 * pods each run {@code metricgen backfill} for their shard.
 */
public final class BackfillObjects {

  public static final String COMPONENT = "backfill";

  /** The checkpoints' component: an informer of their own, apart from the scenario's. */
  public static final String CHECKPOINT_COMPONENT = "backfill-checkpoint";

  /** The key of a checkpoint ConfigMap that holds the shard's checkpoint. */
  public static final String CHECKPOINT_KEY = "checkpoint.json";

  /** The Job's annotations: the run it was created for, and its resolved range. */
  public static final String RUN_ANNOTATION = "metricgen.io/run";

  public static final String START_ANNOTATION = "metricgen.io/start";
  public static final String END_ANNOTATION = "metricgen.io/end";

  /** The container's name, which the Job's pod failure policy names. */
  public static final String CONTAINER = "backfill";

  /** Exit codes of {@code metricgen} that no retry can fix: bad input, refused for good. */
  static final List<Integer> FINAL_EXIT_CODES = List.of(2, 3);

  static final String PASSWORD_ENV = "METRICGEN_BASIC_AUTH_PASSWORD";
  static final String TOKEN_ENV = "METRICGEN_BEARER_TOKEN";
  static final String CA_MOUNT = "/etc/metricgen/ca";
  static final String CA_FILE = "ca.crt";

  private BackfillObjects() {}

  /** Every object of the run, in the order they are applied. */
  public static List<HasMetadata> all(BackfillRun run, OperatorConfig config) {
    List<HasMetadata> out = new ArrayList<>();
    if (run.scenarioYaml() != null) {
      out.add(scenario(run));
    }
    out.addAll(checkpoints(run).values());
    out.add(serviceAccount(run.backfill()));
    out.add(role(run));
    out.add(roleBinding(run.backfill()));
    out.add(job(run, config));
    return out;
  }

  public static ConfigMap scenario(BackfillRun run) {
    return new ConfigMapBuilder()
        .withMetadata(
            Common.owned(run.backfill(), Names.backfillScenario(run.backfill()), COMPONENT))
        .withData(Map.of(GeneratorObjects.SCENARIO_KEY, run.scenarioYaml()))
        .build();
  }

  /**
   * The shards' checkpoints, by name, empty: the pods fill them. Created by the operator, because
   * the pods may not create ConfigMaps (a Role can't limit "create" to names).
   */
  public static Map<String, ConfigMap> checkpoints(BackfillRun run) {
    Map<String, ConfigMap> out = new LinkedHashMap<>();
    for (int i = 0; i < run.shards(); i++) {
      String name = Names.checkpoint(run.backfill(), i);
      out.put(
          name,
          new ConfigMapBuilder()
              .withMetadata(Common.owned(run.backfill(), name, CHECKPOINT_COMPONENT))
              .build());
    }
    return out;
  }

  public static ServiceAccount serviceAccount(Backfill bf) {
    return new ServiceAccountBuilder()
        .withMetadata(Common.owned(bf, Names.backfill(bf), COMPONENT))
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /** Read and update the run's checkpoint ConfigMaps, by name: nothing else. */
  public static Role role(BackfillRun run) {
    return new RoleBuilder()
        .withMetadata(Common.owned(run.backfill(), Names.backfill(run.backfill()), COMPONENT))
        .withRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(new ArrayList<>(checkpoints(run).keySet()))
                .withVerbs("get", "update", "patch")
                .build())
        .build();
  }

  public static RoleBinding roleBinding(Backfill bf) {
    return new RoleBindingBuilder()
        .withMetadata(Common.owned(bf, Names.backfill(bf), COMPONENT))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(Names.backfill(bf))
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(Names.backfill(bf))
        .withNamespace(bf.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  /**
   * The Indexed Job: one pod per shard, each told its shard by {@code JOB_COMPLETION_INDEX}. A pod
   * that exits with a final code (bad input, refused for good) fails the Job at once; other
   * failures are retried up to the backoff limit, and a pod evicted by a disruption isn't counted.
   */
  public static Job job(BackfillRun run, OperatorConfig config) {
    Backfill bf = run.backfill();
    BackfillSpec spec = bf.getSpec();
    BackfillSpec.Workload w = spec.job;
    int shards = run.shards();
    List<VolumeMount> mounts = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName("scenario")
            .withMountPath(GeneratorObjects.MOUNT)
            .withReadOnly(true)
            .build());
    volumes.add(
        new VolumeBuilder()
            .withName("scenario")
            .withNewConfigMap()
            .withName(Names.backfillScenario(bf))
            .endConfigMap()
            .build());
    RemoteWriteTarget target = spec.target;
    if (target != null && target.ca != null) {
      mounts.add(
          new VolumeMountBuilder()
              .withName("ca")
              .withMountPath(CA_MOUNT)
              .withReadOnly(true)
              .build());
      VolumeBuilder ca = new VolumeBuilder().withName("ca");
      if (target.ca.secretKeyRef != null) {
        ca.withNewSecret()
            .withSecretName(target.ca.secretKeyRef.getName())
            .addNewItem()
            .withKey(target.ca.secretKeyRef.getKey())
            .withPath(CA_FILE)
            .endItem()
            .endSecret();
      } else {
        ca.withNewConfigMap()
            .withName(target.ca.configMapKeyRef.getName())
            .addNewItem()
            .withKey(target.ca.configMapKeyRef.getKey())
            .withPath(CA_FILE)
            .endItem()
            .endConfigMap();
      }
      volumes.add(ca.build());
    }
    PodSpec pod =
        new PodSpecBuilder()
            .withServiceAccountName(Names.backfill(bf))
            // The pods read and write their checkpoints through the API: they need the token.
            .withAutomountServiceAccountToken(true)
            .withSecurityContext(Common.restrictedPod())
            .withRestartPolicy("Never")
            .withImagePullSecrets(w == null ? null : w.imagePullSecrets)
            .withContainers(
                new ContainerBuilder()
                    .withName(CONTAINER)
                    .withImage(w != null && w.image != null ? w.image : config.generatorImage())
                    .withCommand("metricgen")
                    .withArgs(args(run))
                    .withEnv(env(target))
                    .withResources(w == null ? null : w.resources)
                    .withSecurityContext(Common.restrictedContainer())
                    .withVolumeMounts(mounts)
                    .build())
            .withVolumes(volumes)
            .build();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(RUN_ANNOTATION, run.hash());
    annotations.put(START_ANNOTATION, run.start().toString());
    annotations.put(END_ANNOTATION, run.end().toString());
    Integer podFailures = spec.retries == null ? null : spec.retries.podFailures;
    return new JobBuilder()
        .withMetadata(Common.owned(bf, Names.backfill(bf), COMPONENT))
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(shards)
        .withParallelism(shards)
        .withBackoffLimit(podFailures == null ? 6 : podFailures)
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(FINAL_EXIT_CODES)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .endPodFailurePolicy()
        .withTemplate(Common.podTemplate(bf, COMPONENT, pod))
        .endSpec()
        .build();
  }

  /**
   * The pods' arguments. The range is absolute (resolved once), so every pod, and every restart,
   * writes the same steps; credentials come from the environment, never the arguments.
   */
  public static List<String> args(BackfillRun run) {
    Backfill bf = run.backfill();
    BackfillSpec spec = bf.getSpec();
    List<String> args = new ArrayList<>();
    args.add("backfill");
    args.add("--file=" + GeneratorObjects.MOUNT + "/" + GeneratorObjects.SCENARIO_KEY);
    args.add("--remote-write=" + run.url());
    args.add("--wait-for-receiver=" + GeneratorObjects.RECEIVER_WAIT);
    args.add("--start=" + run.start());
    args.add("--end=" + run.end());
    args.add("--shards=" + run.shards());
    args.add("--checkpoint-configmap=" + Names.checkpointPrefix(bf));
    Integer attempts = spec.retries == null ? null : spec.retries.requestAttempts;
    if (attempts != null) {
      args.add("--max-attempts=" + attempts);
    }
    run.labels().forEach((name, value) -> args.add("--label=" + name + "=" + value));
    RemoteWriteTarget target = spec.target;
    if (target != null) {
      target.headers.forEach((name, value) -> args.add("--header=" + name + "=" + value));
      if (target.basicAuth != null) {
        args.add("--basic-auth-user=" + target.basicAuth.username);
        args.add("--basic-auth-password-env=" + PASSWORD_ENV);
      }
      if (target.bearerTokenSecretRef != null) {
        args.add("--bearer-token-env=" + TOKEN_ENV);
      }
      if (target.ca != null) {
        args.add("--ca-file=" + CA_MOUNT + "/" + CA_FILE);
      }
    }
    return args;
  }

  private static List<EnvVar> env(RemoteWriteTarget target) {
    List<EnvVar> env = new ArrayList<>();
    if (target != null && target.basicAuth != null) {
      env.add(
          new EnvVarBuilder()
              .withName(PASSWORD_ENV)
              .withNewValueFrom()
              .withSecretKeyRef(target.basicAuth.passwordSecretRef)
              .endValueFrom()
              .build());
    }
    if (target != null && target.bearerTokenSecretRef != null) {
      env.add(
          new EnvVarBuilder()
              .withName(TOKEN_ENV)
              .withNewValueFrom()
              .withSecretKeyRef(target.bearerTokenSecretRef)
              .endValueFrom()
              .build());
    }
    return env;
  }
}
