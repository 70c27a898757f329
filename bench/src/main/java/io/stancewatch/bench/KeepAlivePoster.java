package io.stancewatch.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;

/**
 * A minimal HTTP/1.1 client for the freshness load: a fixed number of keep-alive connections,
 * each with a thread that writes a request and blocks for its answer. The JDK's HttpClient
 * spends a completion stage and a pool thread per answer, CPU the bench would take from the
 * services it measures (docs/PERFORMANCE.md); this costs a write and a read.
 */
final class KeepAlivePoster implements AutoCloseable {

  private record Post(byte[] body, IntConsumer answered) {}

  private static final Post STOP = new Post(null, null);

  private final String host;
  private final int port;
  private final byte[] head;
  private final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();
  private final List<Thread> connections = new ArrayList<>();

  /**
   * Opens (lazily) {@code connections} connections to {@code url}'s host; every post is a
   * {@code POST} of a JSON body to {@code url}'s path with the given bearer token. The caller
   * bounds how many posts wait: beyond the connections, they queue.
   */
  KeepAlivePoster(URI url, String token, int connections) {
    this.host = url.getHost();
    this.port = url.getPort();
    this.head = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + token + "\r\nContent-Length: ")
        .getBytes(StandardCharsets.US_ASCII);
    for (int c = 0; c < connections; c++) {
      Thread thread = new Thread(this::serve, "poster-" + c);
      thread.setDaemon(true);
      thread.start();
      this.connections.add(thread);
    }
  }

  /** Posts {@code body}; {@code answered} gets the status code, or -1 when the exchange failed. */
  void post(byte[] body, IntConsumer answered) {
    posts.add(new Post(body, answered));
  }

  private void serve() {
    Connection connection = null;
    try {
      for (Post post = posts.take(); post != STOP; post = posts.take()) {
        int status;
        try {
          if (connection == null) {
            connection = new Connection(new Socket(host, port));
          }
          status = connection.exchange(head, post.body());
        } catch (IOException | RuntimeException e) {
          status = -1;
        }
        if (connection != null && (status < 0 || connection.closing)) {
          connection.close();
          connection = null;
        }
        post.answered().accept(status);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /** One keep-alive connection, used by one thread. */
  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** The server said it closes the connection after this answer. */
    private boolean closing;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      socket.setTcpNoDelay(true);
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Writes one request and reads its whole answer; returns its status. */
    int exchange(byte[] head, byte[] body) throws IOException {
      out.write(head);
      out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      int status = Integer.parseInt(line(in).split(" ", 3)[1]);
      long length = 0;
      boolean chunked = false;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        String h = header.toLowerCase(Locale.ROOT);
        if (h.startsWith("content-length:")) {
          length = Long.parseLong(h.substring("content-length:".length()).trim());
        } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
          chunked = true;
        } else if (h.startsWith("connection:") && h.contains("close")) {
          closing = true;
        }
      }
      if (chunked) {
        for (long chunk = chunkSize(in); chunk > 0; chunk = chunkSize(in)) {
          skip(in, chunk);
          line(in);
        }
        line(in);
      } else {
        skip(in, length);
      }
      return status;
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
  }

  private static long chunkSize(InputStream in) throws IOException {
    return Long.parseLong(line(in).split(";")[0].trim(), 16);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static void skip(InputStream in, long n) throws IOException {
    for (long left = n; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (int c = 0; c < connections.size(); c++) {
      posts.put(STOP);
    }
    for (Thread thread : connections) {
      thread.join(5_000);
    }
  }
}
