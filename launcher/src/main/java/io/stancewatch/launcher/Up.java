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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import sun.misc.Signal;

/**
 * {@code ./stancewatch up [--demo] [--data-dir DIR] [--brokers N]}: the local broker (or a
 * cluster of N on consecutive ports) and the three services in the foreground, on the ports and with the settings the README's Configuration section names,
 * until Ctrl-C or SIGTERM stops the services and then the broker. The script builds the jars,
 * then runs this from {@code launcher/target/launcher.jar}.
 */
public final class Up {

  private static final Duration BROKER_READY = Duration.ofSeconds(60);
  private static final Duration SERVICE_READY = Duration.ofSeconds(120);
  /** Each node is a JVM of its own: more than a few would starve one machine's services. */
  static final int MAX_BROKERS = 5;

  /** What {@code up} was asked for; {@code brokers}: nodes of the local Kafka cluster. */
  record Options(boolean demo, Path dataDir, int brokers) {

    /** Parses the arguments; {@link IllegalArgumentException} names a wrong one. */
    static Options parse(String[] args, Path defaultDataDir) {
      boolean demo = false;
      Path dataDir = defaultDataDir;
      int brokers = 1;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--demo" -> demo = true;
          case "--data-dir" -> {
            if (i + 1 == args.length) {
              throw new IllegalArgumentException("--data-dir needs a folder");
            }
            dataDir = Path.of(args[++i]);
          }
          case "--brokers" -> brokers = brokers(i + 1 == args.length ? "" : args[++i]);
          default -> throw new IllegalArgumentException("up: unknown option " + args[i]);
        }
      }
      return new Options(demo, dataDir.toAbsolutePath().normalize(), brokers);
    }

    private static int brokers(String value) {
      int brokers = value.matches("\\d{1,9}") ? Integer.parseInt(value) : 0;
      if (brokers < 1 || brokers > MAX_BROKERS) {
        throw new IllegalArgumentException("--brokers needs a number from 1 to " + MAX_BROKERS);
      }
      return brokers;
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

  /** How many nodes' logs {@code kafkaDir} holds: one in it for a single node, one folder each for a cluster's. */
  static int keptBrokers(Path kafkaDir) throws IOException {
    if (Files.isDirectory(kafkaDir.resolve("kafka-logs"))) {
      return 1;
    }
    if (!Files.isDirectory(kafkaDir)) {
      return 0;
    }
    try (var nodes = Files.list(kafkaDir)) {
      return (int) nodes.filter(d -> d.getFileName().toString().matches("kafka-\\d+") && Files.isDirectory(d)).count();
    }
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
    // The first broker on the Kafka port, the others on the ports after it.
    List<Integer> kafkaPorts = IntStream.range(kafkaPort, kafkaPort + options.brokers()).boxed().toList();
    List<Integer> ports = new ArrayList<>(List.of(ingestPort, queryPort, stancePort));
    if (externalBroker.isEmpty()) {
      ports.addAll(kafkaPorts);
    } else if (options.brokers() > 1) {
      throw new IllegalArgumentException("--brokers starts local brokers, but KAFKA_BOOTSTRAP_SERVERS names a cluster");
    }
    int kept = keptBrokers(dataDir.resolve("kafka"));
    if (externalBroker.isEmpty() && kept != 0 && kept != options.brokers()) {
      // Another number of nodes would start an empty cluster beside the kept log, its statements out of sight.
      throw new IllegalArgumentException("the data folder holds the log of " + kept + " Kafka node(s): run up with"
          + " --brokers " + kept + ", or give another --data-dir");
    }
    Set<Integer> distinct = new HashSet<>();
    for (int port : ports) {
      if (!distinct.add(port)) {
        throw new IllegalArgumentException("port " + port + " is given to two processes (ports are set by the *_PORT"
            + " variables; the brokers after the first take the ports after STANCEWATCH_KAFKA_PORT)");
      }
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
        bootstrapServers = launcher.brokers(dataDir.resolve("kafka"), kafkaPorts).startAndAwaitReady(BROKER_READY)
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
