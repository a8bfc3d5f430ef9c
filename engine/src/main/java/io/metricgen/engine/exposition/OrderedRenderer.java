package io.metricgen.engine.exposition;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders numbered tasks on several threads and writes their bytes in task order, so the output is
 * the same as one thread would write. Formatting numbers dominates export time; this spreads it
 * over the cores. Memory stays bounded: at most {@code 2 x threads} tasks are started and not yet
 * written, each holding at most {@link #CHUNKS_PER_TASK} chunks.
 */
final class OrderedRenderer {

  /** Renders task {@code index} into {@code writer}; returns the samples it wrote. */
  interface Task {
    long render(int index, StreamingWriter writer) throws IOException;
  }

  static final int CHUNKS_PER_TASK = 4;
  private static final byte[] END = new byte[0];

  private OrderedRenderer() {}

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
    ConcurrentHashMap<Integer, BlockingQueue<byte[]>> queues = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(2 * threads);
    AtomicInteger next = new AtomicInteger();
    AtomicLong samples = new AtomicLong();
    Thread[] workers = new Thread[threads];
    IOException[] failure = new IOException[1];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                try {
                  while (true) {
                    // The place first, then the task: the lowest task not yet written always
                    // holds a place, so the writer can always go on. (The other order hung.)
                    inFlight.acquire();
                    int i = next.getAndIncrement();
                    if (i >= count) {
                      inFlight.release();
                      break;
                    }
                    BlockingQueue<byte[]> queue = queue(queues, i);
                    StreamingWriter writer =
                        new StreamingWriter(new ChunkStream(queue), format, true);
                    samples.addAndGet(task.render(i, writer));
                    writer.flush();
                    queue.put(END);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (IOException | RuntimeException e) {
                  synchronized (failure) {
                    failure[0] = e instanceof IOException io ? io : new IOException(e);
                  }
                  queue(queues, next.get()).offer(END);
                }
              },
              "metricgen-render-" + t);
      workers[t].setDaemon(true);
      workers[t].start();
    }
    try {
      for (int i = 0; i < count; i++) {
        BlockingQueue<byte[]> queue = queue(queues, i);
        for (byte[] chunk = take(queue, failure); chunk != END; chunk = take(queue, failure)) {
          out.write(chunk);
        }
        queues.remove(i);
        inFlight.release();
        done.update(i + 1, count);
      }
    } finally {
      for (Thread w : workers) {
        w.interrupt();
      }
    }
    return samples.get();
  }

  private static BlockingQueue<byte[]> queue(
      ConcurrentHashMap<Integer, BlockingQueue<byte[]>> queues, int i) {
    return queues.computeIfAbsent(i, k -> new ArrayBlockingQueue<>(CHUNKS_PER_TASK));
  }

  private static byte[] take(BlockingQueue<byte[]> queue, IOException[] failure)
      throws IOException {
    try {
      while (true) {
        byte[] chunk = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        synchronized (failure) {
          if (failure[0] != null) {
            throw failure[0];
          }
        }
        if (chunk != null) {
          return chunk;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
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
