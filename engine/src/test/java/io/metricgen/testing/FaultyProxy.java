package io.metricgen.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in front of a real server and answers the first requests with an error, then forwards the
 * rest unchanged: to see that a client retries, while the data still lands in the real server.
 */
public final class FaultyProxy implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();

  private FaultyProxy(HttpServer server) {
    this.server = server;
  }

  /**
   * Answers the first {@code failures} requests with {@code status}, then forwards to {@code
   * target}.
   */
  public static FaultyProxy start(String target, int failures, int status) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    FaultyProxy proxy = new FaultyProxy(server);
    HttpClient http = HttpClient.newHttpClient();
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          if (proxy.failed.get() < failures) {
            proxy.failed.incrementAndGet();
            byte[] msg = "injected failure\n".getBytes();
            exchange.getResponseHeaders().set("Retry-After", "0");
            exchange.sendResponseHeaders(status, msg.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(msg);
            }
            return;
          }
          HttpRequest.Builder forward =
              HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                  .method(
                      exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) -> {
                    if (!name.equalsIgnoreCase("Host")
                        && !name.equalsIgnoreCase("Content-Length")
                        && !name.equalsIgnoreCase("Connection")
                        && !name.equalsIgnoreCase("Expect")
                        && !name.equalsIgnoreCase("Upgrade")) {
                      values.forEach(v -> forward.header(name, v));
                    }
                  });
          try {
            HttpResponse<byte[]> r =
                http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            proxy.forwarded.incrementAndGet();
            exchange.sendResponseHeaders(
                r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(r.body());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
          }
        });
    server.start();
    return proxy;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int failed() {
    return failed.get();
  }

  public int forwarded() {
    return forwarded.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
