package io.stancewatch.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal server-sent-events client for tests: parses events and counts comment lines. */
final class Sse implements AutoCloseable {

  record Event(String id, String name, JsonNode data) {}

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InputStream body;
  /** The lines of events; comment lines are only counted. */
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();

  private Sse(InputStream body) {
    this.body = body;
    Thread reader = new Thread(this::read, "sse-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static Sse open(URI uri, String lastEventId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    QueryApi.checkHead(response);
    if (response.statusCode() != 200) {
      throw new AssertionError("stream answered " + response.statusCode());
    }
    return new Sse(response.body());
  }

  /** The next event (comments skipped); fails after 10 s. */
  Event next() throws Exception {
    String id = null;
    String name = null;
    StringBuilder data = new StringBuilder();
    while (true) {
      String line = lines.poll(10, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no event within 10 s");
      }
      if (line.isEmpty() && data.length() > 0) {
        return new Event(id, name, JSON.readTree(data.toString()));
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
  }

  /** How many comment lines (heartbeats) have arrived so far. */
  int comments() {
    return comments.get();
  }

  private void read() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      if (!Thread.currentThread().isInterrupted()) {
        lines.add("");
      }
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
