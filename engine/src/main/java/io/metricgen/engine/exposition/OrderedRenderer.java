package io.metricgen.engine.exposition;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Renders numbered tasks on several threads and writes their bytes in task order, so the output is
 * the same as one thread would write. Formatting numbers dominates export time; this spreads it
 * over the cores. A window of at most {@code 2 x threads} tasks is submitted ahead of the one being
 * written; each streams its bytes through a queue of at most {@link #CHUNKS_PER_TASK} chunks, so
 * memory stays bounded whatever a task's size. The task being written is always the oldest
 * submitted, so it is running or done, and the writer always goes on.
 */
final class OrderedRenderer {

  /** Renders task {@code index} into {@code writer}; returns the samples it wrote. */
  interface Task {
    long render(int index, StreamingWriter writer) throws IOException;
  }

  static final int CHUNKS_PER_TASK = 4;
  private static final byte[] END = new byte[0];

  private OrderedRenderer() {}

  /** One submitted task: the queue its bytes come through, and its outcome. */
  private record Submitted(BlockingQueue<byte[]> chunks, Future<Long> samples) {}

  /** Runs tasks 0 to {@code count - 1}; returns the samples they wrote. */
  static long run(
      int threads, int count, Task task, OutputStream out, ExpositionFormat format, Progress done)
      throws IOException {
    if (threads <= 1 || count <= 1) {
      StreamingWriter writer = new StreamingWriter(out, format, true);
      long samples = 0;
      for (int i = 0; i < count; i++) {
        samples += task.render(i, writer);
        done.update(i + 1, count);
      }
      writer.flush();
      return samples;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "metricgen-render");
              t.setDaemon(true);
              return t;
            });
    int window = 2 * threads;
    ArrayDeque<Submitted> ahead = new ArrayDeque<>();
    long samples = 0;
    try {
      int submitted = 0;
      for (int i = 0; i < count; i++) {
        while (submitted < count && submitted < i + window) {
          ahead.add(submit(pool, task, submitted++, format));
        }
        Submitted current = ahead.poll();
        for (byte[] chunk = take(current.chunks()); chunk != END; chunk = take(current.chunks())) {
          out.write(chunk);
        }
        samples += outcome(current.samples());
        done.update(i + 1, count);
      }
      return samples;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Submitted submit(ExecutorService pool, Task task, int index, ExpositionFormat f) {
    BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_PER_TASK);
    Future<Long> samples =
        pool.submit(
            () -> {
              try {
                StreamingWriter writer = new StreamingWriter(new ChunkStream(chunks), f, true);
                long n = task.render(index, writer);
                writer.flush();
                return n;
              } finally {
                // The writer waits for this end, after the bytes or after a failure.
                chunks.put(END);
              }
            });
    return new Submitted(chunks, samples);
  }

  private static byte[] take(BlockingQueue<byte[]> chunks) throws IOException {
    try {
      return chunks.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
    }
  }

  /** A finished task's samples, or its failure as the IOException it was. */
  private static long outcome(Future<Long> samples) throws IOException {
    try {
      return samples.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }

  /** Hands each buffer the writer flushes to the task's queue, waiting while it is full. */
  private static final class ChunkStream extends StreamingWriter.BufferSink {
    private final BlockingQueue<byte[]> queue;

    ChunkStream(BlockingQueue<byte[]> queue) {
      this.queue = queue;
    }

    @Override
    void take(byte[] buf, int length) throws IOException {
      if (length > 0) {
        put(length == buf.length ? buf : java.util.Arrays.copyOf(buf, length));
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        put(java.util.Arrays.copyOfRange(b, off, off + len));
      }
    }

    private void put(byte[] chunk) throws IOException {
      try {
        queue.put(chunk);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while rendering");
      }
    }
  }
}
