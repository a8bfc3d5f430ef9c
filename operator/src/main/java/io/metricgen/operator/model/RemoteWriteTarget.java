package io.metricgen.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where history is written over remote write, and how to authenticate. Plain data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.basicAuth) && has(self.bearerTokenSecretRef))",
    message = "use basicAuth or bearerTokenSecretRef, not both")
public class RemoteWriteTarget {

  @Pattern("^https?://.+")
  @JsonPropertyDescription(
      "Remote-write URL, like http://prometheus-operated.monitoring:9090/api/v1/write (Prometheus"
          + " with --web.enable-remote-write-receiver). Default: the operator's configured"
          + " Prometheus.")
  public String url;

  @JsonPropertyDescription("Basic auth: a user, and the password from a Secret.")
  public BasicAuth basicAuth;

  @JsonPropertyDescription("A bearer token from a Secret in the resource's namespace.")
  public SecretKeySelector bearerTokenSecretRef;

  @JsonPropertyDescription("PEM CA certificates to trust for TLS, from a Secret or a ConfigMap.")
  public CaSource ca;

  @JsonPropertyDescription(
      "Extra headers on every request, such as X-Scope-OrgID for a tenant. Not for secrets: they"
          + " show in the Job's arguments.")
  public Map<String, String> headers = new LinkedHashMap<>();

  /** Basic-auth credentials. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BasicAuth {
    @Required
    @JsonPropertyDescription("The user.")
    public String username;

    @Required
    @JsonPropertyDescription("The password: a key of a Secret in the resource's namespace.")
    public SecretKeySelector passwordSecretRef;
  }

  /** Where the CA certificates are. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.secretKeyRef) != has(self.configMapKeyRef)",
      message = "give the CA as secretKeyRef or configMapKeyRef, exactly one")
  public static class CaSource {
    @JsonPropertyDescription("A key of a Secret in the resource's namespace.")
    public SecretKeySelector secretKeyRef;

    @JsonPropertyDescription("A key of a ConfigMap in the resource's namespace.")
    public ConfigMapKeySelector configMapKeyRef;
  }
}
