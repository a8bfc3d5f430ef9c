package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The phase of every resource the operator reconciles, as its last status said, for the {@code
 * metricgen_operator_resources} gauge. Every resource is reconciled when the operator starts, so
 * the counts come back after a restart.
 */
public final class ResourcePhases {

  /** A kind and a phase. */
  public record Key(String kind, String phase) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = kind.compareTo(o.kind);
      return c != 0 ? c : phase.compareTo(o.phase);
    }
  }

  private final Map<String, Key> phases = new ConcurrentHashMap<>();

  /** A MetricGenerator's panels without data at the last check, by namespace and name. */
  public record Empty(String namespace, String name, int panels) {}

  private final Map<String, Empty> empty = new ConcurrentHashMap<>();

  void set(HasMetadata resource, String phase) {
    phases.put(id(resource), new Key(resource.getKind(), phase == null ? "Unknown" : phase));
  }

  /** The panels without data the last check found; null when none was made (no check). */
  void panelsWithoutData(HasMetadata resource, Integer panels) {
    if (panels == null) {
      empty.remove(id(resource));
    } else {
      empty.put(
          id(resource),
          new Empty(
              resource.getMetadata().getNamespace(), resource.getMetadata().getName(), panels));
    }
  }

  void remove(HasMetadata resource) {
    phases.remove(id(resource));
    empty.remove(id(resource));
  }

  /** Every MetricGenerator's panels without data at its last check. */
  public java.util.Collection<Empty> panelsWithoutData() {
    return List.copyOf(empty.values());
  }

  private static String id(HasMetadata r) {
    return r.getKind() + "/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  /** How many resources of each kind are in each phase. */
  public Map<Key, Integer> counts() {
    Map<Key, Integer> out = new TreeMap<>();
    for (Key k : phases.values()) {
      out.merge(k, 1, Integer::sum);
    }
    return out;
  }
}
