package io.stancewatch.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.KafkaException;

/**
 * The commands of {@code ./stancewatch} that need more than bash:
 * <ul>
 *   <li>{@code post --url URL [--token T] FILE} posts each statement of FILE to
 *       {@code URL/statements} and prints one result line each; it exits 1 if any was rejected.
 *   <li>{@code tail [--bootstrap-servers HOST:PORT] [--actor A] [--topic T] [--from-beginning]}
 *       prints each stance change as one JSON line until SIGINT or SIGTERM (see {@link ChangeTail}).
 * </ul>
 */
public final class StancewatchCli {

  private static final String POST_SYNOPSIS = "post --url INGEST_URL [--token TOKEN] FILE";

  private StancewatchCli() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (command) {
      case "post" -> post(rest);
      case "tail" -> tail(rest);
      default -> {
        System.err.println("usage: " + POST_SYNOPSIS + "\n       " + TailOptions.SYNOPSIS);
        System.exit(2);
      }
    }
  }

  private static void post(String[] args) throws IOException, InterruptedException {
    String url = "http://127.0.0.1:8081";
    String token = null;
    String file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = args[++i];
        case "--token" -> token = args[++i];
        default -> file = args[i];
      }
    }
    if (file == null) {
      System.err.println("post: no FILE given");
      System.exit(2);
    }
    System.exit(postAll(url, token, Path.of(file)) ? 0 : 1);
  }

  private static void tail(String[] args) {
    TailOptions options;
    try {
      options = TailOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("tail: " + e.getMessage() + "\nusage: " + TailOptions.SYNOPSIS);
      System.exit(2);
      return;
    }
    // UTF-8 whatever the platform's default charset, since JSON text is UTF-8 (quotes hold “ and å).
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    ChangeTail tail;
    try {
      tail = ChangeTail.open(options, out, System.err);
    } catch (KafkaException e) {
      System.err.println("tail: Kafka at " + options.bootstrapServers() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    // Ctrl-C and SIGTERM end the JVM; the hook lets the consumer leave cleanly before it does.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tail.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tail-stop"));
    tail.run();
  }

  private static boolean postAll(String url, String token, Path file) throws IOException, InterruptedException {
    List<String> statements = StatementFile.parse(Files.readString(file));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int accepted = 0;
    for (int i = 0; i < statements.size(); i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/statements"))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(statements.get(i)));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      System.out.printf("%d %d %s%n", i + 1, response.statusCode(), response.body());
      if (response.statusCode() == 202) {
        accepted++;
      }
    }
    System.out.printf("posted %d of %d statements from %s%n", accepted, statements.size(), file);
    return accepted == statements.size();
  }
}
