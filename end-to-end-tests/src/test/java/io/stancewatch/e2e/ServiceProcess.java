package io.stancewatch.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * One Stancewatch JVM, the local broker or a service, started from its shaded jar as a process
 * of its own, as {@code ./stancewatch up} starts it, so a test can kill it with SIGKILL and
 * start it again on the same data. Its output is echoed with its name as a prefix.
 */
final class ServiceProcess implements AutoCloseable {

  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final List<String> MODULES = List.of("local-kafka", "ingest-service", "stance-service", "query-service");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static boolean built;

  final String name;
  final int port;
  private final List<String> command;
  private final Map<String, String> env;
  private final boolean broker;
  private volatile Process process;
  private volatile boolean brokerReady;

  private ServiceProcess(String name, int port, List<String> command, Map<String, String> env, boolean broker) {
    this.name = name;
    this.port = port;
    this.command = command;
    this.env = env;
    this.broker = broker;
  }

  /** The local single-node broker on {@code port}, keeping its log in {@code dataDir}. */
  static ServiceProcess broker(Path dataDir, int port, int partitions) {
    return new ServiceProcess("kafka", port, java("local-kafka", "--data-dir", dataDir.toString(),
        "--port", String.valueOf(port), "--partitions", String.valueOf(partitions)), Map.of(), true);
  }

  /**
   * A service ({@code ingest-service}, {@code stance-service} or {@code query-service}) on HTTP
   * {@code port}, configured as the README's Configuration section says, plus {@code env}.
   */
  static ServiceProcess service(String module, String name, int port, String bootstrapServers, int partitions,
      Map<String, String> env) {
    Map<String, String> all = new TreeMap<>(env);
    all.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    all.put("STANCEWATCH_TOPIC_PARTITIONS", String.valueOf(partitions));
    all.put("STANCEWATCH_INGEST_TOKEN", StancewatchUp.TOKEN);
    all.put(module.replace('-', '_').toUpperCase() + "_PORT", String.valueOf(port));
    return new ServiceProcess(name, port, java(module), all, false);
  }

  private static List<String> java(String module, String... args) {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar",
        jar(module).toString()));
    command.addAll(List.of(args));
    return command;
  }

  static Path jar(String module) {
    return StancewatchUp.ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-all.jar");
  }

  /** Starts the process; {@link #awaitReady} waits until it serves. */
  ServiceProcess start() {
    ensureBuilt();
    ProcessBuilder builder = new ProcessBuilder(command).directory(StancewatchUp.ROOT.toFile()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("STANCEWATCH_") || k.startsWith("KAFKA_") || k.endsWith("_SERVICE_PORT"));
    environment.putAll(env);
    brokerReady = false;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name, e);
    }
    Process started = process;
    Thread echo = new Thread(() -> echo(started), name + "-output");
    echo.setDaemon(true);
    echo.start();
    return this;
  }

  /** Waits until the broker has its topics, or the service's {@code /health} answers 200. */
  ServiceProcess awaitReady(Duration timeout) {
    Awaitility.await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting");
      }
      return broker ? brokerReady : health().status() == 200;
    });
    return this;
  }

  ServiceProcess startAndAwaitReady(Duration timeout) {
    return start().awaitReady(timeout);
  }

  /** Starts them all at once, as {@code up} does, then waits until each is ready. */
  static void startAll(Duration timeout, ServiceProcess... processes) {
    for (ServiceProcess p : processes) {
      p.start();
    }
    for (ServiceProcess p : processes) {
      p.awaitReady(timeout);
    }
  }

  /** {@code GET /health}: status 0 when nothing answers. */
  Health health() {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Health(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Health(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Health(0, e.toString());
    }
  }

  record Health(int status, String body) {}

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, nothing flushed or closed. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM: a clean stop. */
  void stop() {
    process.destroy();
    awaitExit();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void echo(Process started) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        System.out.println("[" + name + "] " + line);
        if (broker && line.contains("Kafka ready on")) {
          brokerReady = true;
        }
      }
    } catch (IOException e) {
      System.out.println("[" + name + "] output closed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /**
   * Packages the jars when one is missing or older than a source or pom, as {@code up} does,
   * so these tests also run from a build that did not package the services.
   */
  private static synchronized void ensureBuilt() {
    if (built) {
      return;
    }
    try {
      if (MODULES.stream().anyMatch(ServiceProcess::stale)) {
        Process build = new ProcessBuilder("./mvnw", "-B", "-q", "-Dmaven.test.skip=true", "package")
            .directory(StancewatchUp.ROOT.toFile()).inheritIO().start();
        if (build.waitFor() != 0) {
          throw new IllegalStateException("Packaging the service jars failed");
        }
      }
      built = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean stale(String module) {
    Path jar = jar(module);
    if (!Files.exists(jar)) {
      return true;
    }
    try (Stream<Path> modules = Files.list(StancewatchUp.ROOT)) {
      FileTime packaged = Files.getLastModifiedTime(jar);
      List<Path> sources = new ArrayList<>(List.of(StancewatchUp.ROOT.resolve("pom.xml")));
      for (Path dir : modules.filter(d -> Files.exists(d.resolve("pom.xml"))).toList()) {
        sources.add(dir.resolve("pom.xml"));
        if (Files.isDirectory(dir.resolve("src/main"))) {
          try (Stream<Path> files = Files.walk(dir.resolve("src/main"))) {
            files.filter(Files::isRegularFile).forEach(sources::add);
          }
        }
      }
      for (Path source : sources) {
        if (Files.getLastModifiedTime(source).compareTo(packaged) > 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
