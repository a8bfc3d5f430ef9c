package io.metricgen.engine.push;

import io.metricgen.engine.transport.DeliveryException;
import io.metricgen.engine.transport.Exchange;
import io.metricgen.engine.transport.FirstContact;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Responses;
import io.metricgen.engine.transport.Retrier;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * Pushes to a Pushgateway: PUT replaces a group, POST replaces only the metrics it names, DELETE
 * removes the group (the Pushgateway never expires groups by itself). Connection failures and 5xx
 * are retried; a 400 stops with the Pushgateway's own message (inconsistent types, timestamps in a
 * push). Bodies are the Prometheus text format without timestamps, or its protobuf format (which
 * carries native histograms), written by the Prometheus client's writers.
 */
public final class PushgatewayClient {

  private final URI base;
  private final HttpSettings settings;
  private final HttpClient http;
  private final Retrier retrier;
  private final FirstContact firstContact;

  public PushgatewayClient(URI base, HttpSettings settings, Retrier retrier) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.settings = settings;
    this.http = settings.client();
    this.retrier = retrier;
    this.firstContact = new FirstContact(settings.firstContactWait());
  }

  /**
   * Replaces the whole group with {@code metrics}, in the protobuf format when {@code protobuf}
   * (native histograms and exemplars go with it), else in the text format.
   */
  public void put(GroupingKey group, MetricSnapshots metrics, boolean protobuf)
      throws InterruptedException {
    ExpositionFormatWriter writer =
        protobuf ? new PrometheusProtobufWriter() : PrometheusTextFormatWriter.create();
    send("PUT", group, body(writer, metrics), writer.getContentType());
  }

  /** Replaces, within the group, the metrics named in a Prometheus text format body. */
  public void post(GroupingKey group, byte[] textFormatBody) throws InterruptedException {
    send("POST", group, textFormatBody, TEXT);
  }

  /** Deletes the group. */
  public void delete(GroupingKey group) throws InterruptedException {
    send("DELETE", group, null, null);
  }

  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static byte[] body(ExpositionFormatWriter writer, MetricSnapshots metrics) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, metrics);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private void send(String method, GroupingKey group, byte[] body, String contentType)
      throws InterruptedException {
    URI uri = URI.create(base + group.path());
    String what = method + " " + Responses.redact(uri);
    retrier.run(
        what,
        () -> {
          HttpRequest.Builder request = settings.decorate(HttpRequest.newBuilder(uri));
          if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
          } else {
            request
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
          }
          Exchange.Reply response;
          firstContact.attempt();
          try {
            response =
                Exchange.send(http, request.build(), settings.timeout(), Responses.MAX_QUOTED + 1);
          } catch (IOException e) {
            firstContact.check(e, uri, "the Pushgateway");
            return Responses.unreachable(e, uri, "cannot reach the Pushgateway");
          }
          firstContact.answered();
          int status = response.status();
          String message = response.quoted();
          if (status / 100 == 2) {
            return new Retrier.Outcome.Done<>(null);
          }
          if (status >= 500 || status == 429) {
            return new Retrier.Outcome.Retry<>(
                "HTTP " + status + ": " + message,
                Retrier.retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
          }
          throw new DeliveryException(
              what + " was refused with HTTP " + status + ": " + message + advice(status));
        });
  }

  private static String advice(int status) {
    return switch (status) {
      case 401, 403 ->
          " (check the credentials: --basic-auth-user/--password-file or --bearer-token-file)";
      case 404 -> " (is the URL the Pushgateway's base, like http://pushgateway:9091?)";
      default -> "";
    };
  }
}
