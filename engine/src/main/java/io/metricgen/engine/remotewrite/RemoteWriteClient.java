package io.metricgen.engine.remotewrite;

import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import io.metricgen.engine.transport.Exchange;
import io.metricgen.engine.transport.FirstContact;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Responses;
import io.metricgen.engine.transport.Retrier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * Sends remote write 1.0 requests: protobuf {@code WriteRequest}, snappy block compression, the
 * spec's headers. Retries 5xx, 429 (after Retry-After) and connection failures; never other 4xx,
 * nor Prometheus's {@code 500 too old sample} or {@code 500 native histograms are disabled}, which
 * no retry can fix.
 *
 * @see <a href="https://prometheus.io/docs/specs/prw/remote_write_spec/">Remote write 1.0</a>
 */
public final class RemoteWriteClient {

  private final URI url;
  private final HttpSettings settings;
  private final HttpClient http;
  private final Retrier retrier;
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong connectionFailures = new AtomicLong();
  private final FirstContact firstContact;

  public RemoteWriteClient(URI url, HttpSettings settings, Retrier retrier) {
    this.url = url;
    this.settings = settings;
    this.http = settings.client();
    this.retrier = retrier;
    this.firstContact = new FirstContact(settings.firstContactWait());
  }

  /** How many attempts failed to reach the receiver so far (it was down, or restarting). */
  public long connectionFailures() {
    return connectionFailures.get();
  }

  /** Whether any request may have reached the receiver (see {@link FirstContact}). */
  public boolean mayHaveDelivered() {
    return firstContact.mayHaveDelivered();
  }

  /** How many attempts were retried so far. */
  public long retries() {
    return retries.get();
  }

  /** Encodes, compresses and sends one request. */
  public void write(WriteRequest request) throws InterruptedException {
    writeEncoded(request.toByteArray());
  }

  /** Compresses and sends a request already encoded as protobuf. */
  public void writeEncoded(byte[] encoded) throws InterruptedException {
    send(compress(encoded));
  }

  /** Snappy block compression, as remote write requires. */
  public static byte[] compress(byte[] encoded) {
    try {
      return Snappy.compress(encoded);
    } catch (IOException e) {
      throw new IllegalStateException("snappy compression failed", e);
    }
  }

  /** Sends an already encoded and compressed request. */
  public void send(byte[] compressed) throws InterruptedException {
    retrier.run(
        "remote write to " + Responses.redact(url),
        () -> {
          HttpRequest.Builder request =
              HttpRequest.newBuilder(url)
                  .header("Content-Encoding", "snappy")
                  .header("Content-Type", "application/x-protobuf")
                  .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(compressed));
          Exchange.Reply response;
          firstContact.attempt();
          try {
            response = settings.exchange(http, request, Responses.MAX_QUOTED + 1);
          } catch (IOException e) {
            firstContact.check(e, url, "the remote-write receiver");
            Retrier.Outcome<Void> retry =
                Responses.unreachable(e, url, "cannot reach " + Responses.redact(url));
            retries.incrementAndGet();
            connectionFailures.incrementAndGet();
            return retry;
          }
          firstContact.answered();
          int status = response.status();
          String body = response.quoted();
          if (status / 100 == 2) {
            return new Retrier.Outcome.Done<>(null);
          }
          String lower = body.toLowerCase(Locale.ROOT);
          // Prometheus answers 500 to these, but no retry changes them.
          boolean permanent =
              lower.contains("too old sample") || lower.contains("native histograms are disabled");
          if ((status >= 500 && !permanent) || status == 429) {
            retries.incrementAndGet();
            return new Retrier.Outcome.Retry<>(
                "HTTP " + status + ": " + body,
                Retrier.retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
          }
          throw new RejectedWriteException(
              Responses.redact(url)
                  + " refused the samples with HTTP "
                  + status
                  + ": "
                  + body
                  + advice(status, body, url),
              status,
              body);
        });
  }

  /** What to do about a refusal, from what Prometheus said. */
  static String advice(int status, String body, URI url) {
    String b = body.toLowerCase(Locale.ROOT);
    String path = url.getPath() == null ? "" : url.getPath();
    if ((status == 404 || status == 405) && !path.endsWith("/api/v1/write")) {
      return ". The URL has no /api/v1/write path: give the receiver's full remote-write URL, like "
          + url.getScheme()
          + "://"
          + url.getRawAuthority()
          + "/api/v1/write (Prometheus started with --web.enable-remote-write-receiver).";
    }
    if (b.contains("remote-write-receiver")
        || b.contains("remote write receiver")
        || status == 404) {
      return ". Start Prometheus with --web.enable-remote-write-receiver (2.33 and later), and"
          + " give the full URL, like http://prometheus:9090/api/v1/write.";
    }
    if (b.contains("native histograms are disabled")) {
      return ". " + Preflight.NATIVE_ADVICE;
    }
    if (b.contains("too old sample") || b.contains("out of bounds")) {
      return ". The samples are older than Prometheus accepts: its head takes samples up to about"
          + " an hour behind its newest one, plus storage.tsdb.out_of_order_time_window when set."
          + " Backfill before live data arrives, raise the out-of-order window, or write older"
          + " history with metricgen export and promtool tsdb create-blocks-from openmetrics.";
    }
    if (b.contains("out of order")) {
      return ". Prometheus already has newer samples of these series: set"
          + " storage.tsdb.out_of_order_time_window in its configuration, or backfill before live"
          + " data arrives.";
    }
    if (b.contains("duplicate sample")) {
      return ". These series already hold other values at these times: backfill into a range"
          + " that holds no data, or change the seed only for a new range.";
    }
    if (status == 401 || status == 403) {
      return ". Check the credentials (--basic-auth-user with --basic-auth-password-file, or"
          + " --bearer-token-file) and tenant headers (--header X-Scope-OrgID=...).";
    }
    if (status == 413) {
      return ". The request is too large for the receiver: lower --batch-samples.";
    }
    return ".";
  }
}
