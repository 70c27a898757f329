package io.stancewatch.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import sun.misc.Signal;

/**
 * {@code ./stancewatch up [--demo] [--data-dir DIR]}: the local broker and the three services in
 * the foreground, on the ports and with the settings the README's Configuration section names,
 * until Ctrl-C or SIGTERM stops the services and then the broker. The script builds the jars,
 * then runs this from {@code launcher/target/launcher.jar}.
 */
public final class Up {

  private static final Duration BROKER_READY = Duration.ofSeconds(60);
  private static final Duration SERVICE_READY = Duration.ofSeconds(120);

  /** What {@code up} was asked for. */
  record Options(boolean demo, Path dataDir) {

    /** Parses the arguments; {@link IllegalArgumentException} names a wrong one. */
    static Options parse(String[] args, Path defaultDataDir) {
      boolean demo = false;
      Path dataDir = defaultDataDir;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--demo" -> demo = true;
          case "--data-dir" -> {
            if (i + 1 == args.length) {
              throw new IllegalArgumentException("--data-dir needs a folder");
            }
            dataDir = Path.of(args[++i]);
          }
          default -> throw new IllegalArgumentException("up: unknown option " + args[i]);
        }
      }
      return new Options(demo, dataDir.toAbsolutePath().normalize());
    }
  }

  private final Path root;
  private final Options options;
  private final Map<String, String> env;

  Up(Path root, Options options, Map<String, String> env) {
    this.root = root;
    this.options = options;
    this.env = env;
  }

  public static void main(String[] args) {
    int status;
    try {
      Path root = repository();
      status = new Up(root, Options.parse(args, root.resolve(".stancewatch")), System.getenv()).run();
    } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
      log(e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  /** Runs until a signal (0), a failure to start (1), or until every service has exited on its own (1). */
  int run() throws IOException {
    Path dataDir = Files.createDirectories(options.dataDir());
    String token = token(env, dataDir);
    String externalBroker = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
    int kafkaPort = number("STANCEWATCH_KAFKA_PORT", 9092);
    int ingestPort = number("INGEST_SERVICE_PORT", 8081);
    int queryPort = number("QUERY_SERVICE_PORT", 8082);
    int stancePort = number("STANCE_SERVICE_PORT", 8083);
    List<Integer> ports = new ArrayList<>(List.of(ingestPort, queryPort, stancePort));
    if (externalBroker.isEmpty()) {
      ports.add(kafkaPort);
    }
    for (int port : ports) {
      if (inUse(port)) {
        throw new IllegalStateException("port " + port + " is already in use: is Stancewatch already running?"
            + " (ports are set by the *_PORT variables)");
      }
    }

    // The user's environment goes on to the services: it is how they are configured.
    Launcher launcher = new Launcher(root, number("STANCEWATCH_TOPIC_PARTITIONS", 6), Launcher.javaOpts(), env,
        Output.echo());
    // A signal interrupts whatever the main thread waits for, so it then stops everything in
    // order and exits 0; the JVM's own handling would exit at once with 130 or 143.
    Thread main = Thread.currentThread();
    for (String signal : List.of("INT", "TERM", "HUP")) {
      Signal.handle(new Signal(signal), s -> main.interrupt());
    }
    try {
      String bootstrapServers = externalBroker;
      if (externalBroker.isEmpty()) {
        bootstrapServers = launcher.broker(dataDir.resolve("kafka"), kafkaPort).startAndAwaitReady(BROKER_READY)
            .bootstrapServers();
      }
      StackProcess ingest = launcher.ingest("ingest", ingestPort, token,
          env.getOrDefault("STANCEWATCH_INGEST_TRANSACTIONAL_ID", "stancewatch-ingest-1"));
      StackProcess stance = launcher.stance("stance", stancePort, dataDir.resolve("stance-service"));
      // A cache of the history topic, rebuilt at every start.
      StackProcess query = launcher.query("query", queryPort, dataDir.resolve("query-service"));
      List<StackProcess> services = List.of(ingest, stance, query);
      services.forEach(StackProcess::start);
      for (StackProcess service : services) {
        service.awaitReady(SERVICE_READY);
        log(service.name() + "-service is healthy");
      }
      if (options.demo()) {
        postDemo(launcher, ingest.url(), token);
      }
      System.err.print(summary(ingest.url(), query.url(), stance.url(), bootstrapServers, dataDir, token));
      System.out.println("STANCEWATCH READY");

      CompletableFuture.allOf(services.stream().map(StackProcess::onExit).toArray(CompletableFuture[]::new)).get();
      log("every service has exited");
      return 1;
    } catch (InterruptedException e) {
      return 0;
    } catch (IllegalStateException | IOException | UncheckedIOException | ExecutionException e) {
      log(e.getMessage());
      return 1;
    } finally {
      log("stopping...");
      launcher.close();
      log("stopped");
    }
  }

  /**
   * {@code STANCEWATCH_INGEST_TOKEN}, else the one kept in the data folder, else a new random
   * one kept there (readable by the owner only) so {@code ./stancewatch post} finds it.
   */
  static String token(Map<String, String> env, Path dataDir) throws IOException {
    String token = env.getOrDefault("STANCEWATCH_INGEST_TOKEN", "");
    Path file = dataDir.resolve("ingest-token");
    if (!token.isEmpty()) {
      return token;
    }
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token);
    return token;
  }

  private void postDemo(Launcher launcher, String ingestUrl, String token) throws InterruptedException, IOException {
    log("posting the demo statements from demo/seed-statements.json");
    List<String> command = new ArrayList<>(List.of(Launcher.java()));
    command.addAll(Launcher.javaOpts());
    command.addAll(List.of("-jar", launcher.jar("cli").toString(), "post", "--url", ingestUrl, "--token", token,
        root.resolve("demo/seed-statements.json").toString()));
    Process post = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      if (post.waitFor() != 0) {
        throw new IllegalStateException("posting the demo statements failed");
      }
    } finally {
      post.destroy();
    }
  }

  private static String summary(String ingestUrl, String queryUrl, String stanceUrl, String bootstrapServers,
      Path dataDir, String token) {
    return """

          Stancewatch is up.
            ingest   %s      (POST /statements, token below)
            query    %s      (GET /actors, /topics/{topic}/stances, /changes ...)
            stance   %s      (health and metrics)
            kafka    %s   (topic stancewatch.stance-changes)
            data     %s
            ingest token: %s

          Ctrl-C stops everything.
        """.formatted(ingestUrl, queryUrl, stanceUrl, bootstrapServers, dataDir, token);
  }

  private int number(String variable, int fallback) {
    String value = env.getOrDefault(variable, "");
    try {
      return value.isEmpty() ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " is not a number: " + value);
    }
  }

  private static boolean inUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The repository: this jar lies in {@code <root>/launcher/target}. */
  private static Path repository() {
    try {
      return Path.of(Up.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent().getParent()
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void log(String message) {
    System.err.println("[stancewatch] " + message);
  }
}
