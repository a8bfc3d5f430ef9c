package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.metricgen.operator.desired.ScrapeConfig;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Edits one key of the shared scrape Secret by read, change, write with the resourceVersion read,
 * so that a concurrent writer (another resource, another tool) makes the write fail with 409 rather
 * than be overwritten; the edit is then made again on the fresh content.
 */
final class ScrapeSecretWriter {

  /** A change that reads the key's current YAML (null when absent) and gives the new YAML. */
  interface Edit {
    String apply(String current) throws ScrapeConfig.UnparsableException;
  }

  static final int ATTEMPTS = 20;

  private static final Map<ScrapeConfig.SecretKey, Object> LOCKS = new ConcurrentHashMap<>();

  private ScrapeSecretWriter() {}

  /**
   * Applies {@code edit} to the key; writes only when the content changes.
   *
   * @param createIfMissing whether to create the Secret when it doesn't exist (false for removal)
   * @return whether the Secret was written
   * @throws ResourceProblem when the key holds something that isn't a list of scrape configs
   */
  static boolean edit(
      KubernetesClient client, ScrapeConfig.SecretKey at, boolean createIfMissing, Edit edit) {
    // Resources reconciled at once in this process take turns; other writers are caught by the
    // resourceVersion.
    synchronized (LOCKS.computeIfAbsent(at, k -> new Object())) {
      return editLocked(client, at, createIfMissing, edit);
    }
  }

  private static boolean editLocked(
      KubernetesClient client, ScrapeConfig.SecretKey at, boolean createIfMissing, Edit edit) {
    for (int attempt = 1; ; attempt++) {
      Secret secret = client.secrets().inNamespace(at.namespace()).withName(at.name()).get();
      if (secret == null && !createIfMissing) {
        return false;
      }
      String current = secret == null ? null : read(secret, at.key());
      String updated;
      try {
        updated = edit.apply(current);
      } catch (ScrapeConfig.UnparsableException e) {
        throw new ResourceProblem(
            "ScrapeConfigUnparsable", at + " " + e.getMessage() + "; it is left as it is");
      }
      if (Objects.equals(updated, current)) {
        return false;
      }
      try {
        if (secret == null) {
          client.resource(created(at, updated)).create();
        } else {
          client.resource(withKey(secret, at.key(), updated)).update();
        }
        return true;
      } catch (KubernetesClientException e) {
        boolean raced = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
        if (!raced || attempt >= ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** The key's content: from data (base64), or stringData if someone wrote the object raw. */
  static String read(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(key);
    }
    return null;
  }

  private static Secret withKey(Secret secret, String key, String yaml) {
    Map<String, String> data = new HashMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    data.put(key, encode(yaml));
    return new SecretBuilder(secret).withData(data).build();
  }

  private static Secret created(ScrapeConfig.SecretKey at, String yaml) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(at.name())
        .withNamespace(at.namespace())
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(at.key(), encode(yaml)))
        .build();
  }

  private static String encode(String yaml) {
    return Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** A short random pause, growing with the attempts, so that racing writers fall apart. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * Math.min(attempt, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the scrape Secret", e);
    }
  }
}
