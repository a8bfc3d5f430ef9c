package io.metricgen.engine.transport;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach an HTTP endpoint: credentials (read from files or environment variables, never given
 * on a command line), a CA to trust, extra headers, timeouts. Immutable.
 */
public final class HttpSettings {

  private final String authorization;
  private final Path caFile;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final Duration firstContactWait;

  private HttpSettings(
      String authorization,
      Path caFile,
      Map<String, String> headers,
      Duration timeout,
      Duration firstContactWait) {
    this.authorization = authorization;
    this.caFile = caFile;
    this.headers = Map.copyOf(headers);
    this.timeout = timeout;
    this.firstContactWait = firstContactWait;
  }

  /** How long a receiver that can't be connected to at first is retried ({@link FirstContact}). */
  public Duration firstContactWait() {
    return firstContactWait;
  }

  /** A header's name, a token of RFC 9110 (section 5.6.2). */
  public static final String HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$";

  public static Builder builder() {
    return new Builder();
  }

  /** A client that trusts the configured CA (or the JVM's default trust store). */
  public HttpClient client() {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (caFile != null) {
      b.sslContext(sslContext(caFile));
    }
    return b.build();
  }

  /** How long one exchange may take, headers and body together. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Sends a request decorated with these settings and reads the reply whole within {@link
   * #timeout()}, at most {@code maxBody} bytes of body ({@link Exchange#send}).
   */
  public Exchange.Reply exchange(HttpClient http, HttpRequest.Builder request, int maxBody)
      throws IOException, InterruptedException {
    return Exchange.send(http, decorate(request).build(), timeout, maxBody);
  }

  /** Adds the credentials, headers and timeout to a request. */
  public HttpRequest.Builder decorate(HttpRequest.Builder request) {
    request.timeout(timeout).header("User-Agent", "metricgen");
    headers.forEach(request::header);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  private static SSLContext sslContext(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new InvalidInputException(
            new Problem(caFile.toString(), 0, "", "holds no PEM certificate"));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidInputException(
          new Problem(caFile.toString(), 0, "", "cannot read as a PEM CA: " + e.getMessage()));
    }
  }

  /** Builds {@link HttpSettings}; secrets come from files or environment variables only. */
  public static final class Builder {
    private String user;
    private String password;
    private String bearer;
    private Path caFile;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(30);
    private Duration firstContactWait = Duration.ZERO;

    public Builder basicAuth(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    public Builder bearerToken(String token) {
      this.bearer = token;
      return this;
    }

    public Builder caFile(Path file) {
      this.caFile = file;
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder firstContactWait(Duration wait) {
      this.firstContactWait = wait;
      return this;
    }

    public HttpSettings build() {
      if (user != null && bearer != null) {
        throw new IllegalArgumentException("use basic auth or a bearer token, not both");
      }
      String auth = null;
      if (user != null) {
        auth =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      } else if (bearer != null) {
        auth = "Bearer " + bearer;
      }
      return new HttpSettings(auth, caFile, headers, timeout, firstContactWait);
    }
  }

  /**
   * A secret from a file (trailing newline removed) or an environment variable, as a problem naming
   * the option when it can't be had.
   */
  public static String secret(String option, Path file, String envName, Map<String, String> env) {
    if (file != null) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new InvalidInputException(
            new Problem(file.toString(), 0, option, "cannot read: " + e.getMessage()));
      }
    }
    if (envName != null) {
      String v = env.get(envName);
      if (v == null || v.isEmpty()) {
        throw new InvalidInputException(
            new Problem(null, 0, option, "environment variable " + envName + " is not set"));
      }
      return v;
    }
    return null;
  }
}
