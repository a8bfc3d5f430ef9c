package io.metricgen.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.metricgen.engine.remotewrite.CheckpointStore;
import io.metricgen.operator.desired.BackfillObjects;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A checkpoint in a key of a ConfigMap, as a Backfill's pods keep it: a restarted pod, on any node,
 * finds it there. The operator creates the ConfigMap; the pod's ServiceAccount may only read and
 * update it (its Role names it), so a missing one is an error, not something to create.
 */
public final class ConfigMapCheckpointStore implements CheckpointStore {

  /** Stores of one namespace, sharing one client; closing it closes a client it made. */
  public interface Factory extends AutoCloseable {
    CheckpointStore store(String name);

    @Override
    default void close() {}
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  private ConfigMapCheckpointStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /**
   * Stores in the pod's own namespace, through its ServiceAccount (or, outside a cluster, the
   * kubeconfig and KUBERNETES_* variables, as kubectl reads them).
   */
  static Factory inCluster() {
    KubernetesClient client = new KubernetesClientBuilder().build();
    String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
    return new Factory() {
      @Override
      public CheckpointStore store(String name) {
        return new ConfigMapCheckpointStore(client, namespace, name);
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /** Stores in {@code namespace} through {@code client}. */
  public static Factory in(KubernetesClient client, String namespace) {
    return name -> new ConfigMapCheckpointStore(client, namespace, name);
  }

  @Override
  public String describe() {
    return "ConfigMap " + namespace + "/" + name;
  }

  @Override
  public String read() throws IOException {
    ConfigMap cm = get();
    return cm.getData() == null ? null : cm.getData().get(BackfillObjects.CHECKPOINT_KEY);
  }

  @Override
  public void write(String content) throws IOException {
    try {
      // Read, then patched with the difference: the operator's labels and owner stay.
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              cm -> {
                Map<String, String> data =
                    cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
                data.put(BackfillObjects.CHECKPOINT_KEY, content);
                cm.setData(data);
                return cm;
              });
    } catch (KubernetesClientException e) {
      throw e.getCode() == 404 ? missing() : new IOException(describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete() throws IOException {
    write("");
  }

  private ConfigMap get() throws IOException {
    ConfigMap cm;
    try {
      cm = client.configMaps().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new IOException(describe() + ": " + e.getMessage(), e);
    }
    if (cm == null) {
      throw missing();
    }
    return cm;
  }

  private IOException missing() {
    return new IOException(
        describe() + " does not exist: the operator creates it with the Backfill's Job");
  }
}
