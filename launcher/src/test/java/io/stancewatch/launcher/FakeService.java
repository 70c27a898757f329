package io.stancewatch.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for the broker and the services in the launcher's tests, run from a jar holding
 * only this class: prints what it was given, gets ready as the real one does (the broker's line, a service's
 * {@code /health}), prints a tick every 100 ms, and says when it is asked to stop.
 */
public final class FakeService {

  private FakeService() {}

  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(FakeService::stopSlowly));
    List<String> arguments = List.of(args);
    System.out.println("args " + String.join(" ", arguments));
    Map<String, String> env = new TreeMap<>(System.getenv());
    env.forEach((k, v) -> System.out.println("env " + k + "=" + v));
    if (arguments.contains("exit")) {
      System.exit(3);
    }
    if (arguments.contains("--port")) {
      System.out.println("Kafka ready on 127.0.0.1:" + arguments.get(arguments.indexOf("--port") + 1));
    } else {
      serveHealth(Integer.parseInt(env.entrySet().stream().filter(e -> e.getKey().endsWith("_SERVICE_PORT"))
          .findFirst().orElseThrow().getValue()));
    }
    while (true) {
      System.out.println("tick");
      Thread.sleep(100);
    }
  }

  private static void serveHealth(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/health", exchange -> {
      byte[] body = "{\"status\":\"UP\"}".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Slow enough that a stop which did not wait for it would show in the order of the lines. */
  private static void stopSlowly() {
    System.out.println("stopping");
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
