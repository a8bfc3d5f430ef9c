package io.metricgen.engine.transport;

import io.metricgen.engine.time.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a server that need not behave: the whole reply, headers and body, within
 * one deadline, and at most a given number of body bytes. A request's own timeout in {@link
 * HttpClient} covers the headers only, so a server (or proxy) that sends them and then trickles its
 * body, or a chunked body that never ends, would hold the caller for ever.
 */
public final class Exchange {

  private Exchange() {}

  /**
   * A reply, read whole or cut.
   *
   * @param body the body's first bytes, at most the limit given
   * @param cut whether the body went on past the limit (the rest was not read)
   */
  public record Reply(int status, HttpHeaders headers, byte[] body, boolean cut) {

    /** The start of the body, safe to print, as {@link Responses#body} gives it. */
    public String quoted() {
      int n = Math.min(body.length, Responses.MAX_QUOTED);
      String text = new String(body, 0, n, StandardCharsets.UTF_8);
      boolean more = cut || body.length > Responses.MAX_QUOTED;
      return Responses.printable(text).strip()
          + (more ? " … (cut at " + Responses.MAX_QUOTED + " bytes)" : "");
    }
  }

  /**
   * Sends {@code request} and reads its reply, all within {@code deadline}.
   *
   * @param maxBody body bytes read at most; the exchange is cancelled past them
   * @throws HttpTimeoutException when the whole reply has not come within the deadline, naming the
   *     server and whether the headers or the body were late
   * @throws IOException when the server can't be reached or the exchange breaks
   */
  public static Reply send(HttpClient http, HttpRequest request, Duration deadline, int maxBody)
      throws IOException, InterruptedException {
    Bounded handler = new Bounded(maxBody);
    CompletableFuture<HttpResponse<Bounded.Body>> reply = http.sendAsync(request, handler);
    try {
      HttpResponse<Bounded.Body> r = reply.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      Bounded.Body body = r.body();
      return new Reply(r.statusCode(), r.headers(), body.bytes(), body.cut());
    } catch (TimeoutException e) {
      reply.cancel(true);
      handler.cancel();
      throw new Stalled(
          "no whole reply from "
              + Responses.redact(request.uri())
              + " within "
              + Durations.format(deadline)
              + (handler.started()
                  ? ": the headers came, the body did not end (a stalled or trickling server or"
                      + " proxy)"
                  : ": not even the headers came"));
    } catch (InterruptedException e) {
      reply.cancel(true);
      handler.cancel();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }

  /** The whole reply did not come within the deadline; the message says which part was late. */
  public static final class Stalled extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;

    Stalled(String message) {
      super(message);
    }
  }

  /** Collects a body up to a limit, then cancels the rest. */
  private static final class Bounded implements HttpResponse.BodyHandler<Bounded.Body> {

    record Body(byte[] bytes, boolean cut) {}

    private final int max;
    private volatile Subscriber subscriber;

    Bounded(int max) {
      this.max = max;
    }

    boolean started() {
      return subscriber != null;
    }

    void cancel() {
      Subscriber s = subscriber;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public HttpResponse.BodySubscriber<Body> apply(HttpResponse.ResponseInfo info) {
      Subscriber s = new Subscriber(max);
      subscriber = s;
      return s;
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<Body> {
      private final int max;
      private final ByteArrayOutputStream out = new ByteArrayOutputStream();
      private final CompletableFuture<Body> result = new CompletableFuture<>();
      private volatile Flow.Subscription subscription;

      Subscriber(int max) {
        this.max = max;
      }

      void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }

      @Override
      public CompletionStage<Body> getBody() {
        return result;
      }

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
      }

      @Override
      public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
          int room = max - out.size();
          if (b.remaining() > room) {
            byte[] part = new byte[Math.max(0, room)];
            b.get(part);
            out.write(part, 0, part.length);
            result.complete(new Body(out.toByteArray(), true));
            subscription.cancel();
            return;
          }
          byte[] all = new byte[b.remaining()];
          b.get(all);
          out.write(all, 0, all.length);
        }
        subscription.request(1);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        result.complete(new Body(out.toByteArray(), false));
      }
    }
  }
}
