package io.stancewatch.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The commands of {@code ./stancewatch} that need more than bash:
 * {@code post --url URL [--token T] FILE} posts each statement of FILE to
 * {@code URL/statements} and prints one result line each; it exits 1 if any was rejected.
 */
public final class StancewatchCli {

  private StancewatchCli() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !args[0].equals("post")) {
      System.err.println("usage: post --url INGEST_URL [--token TOKEN] FILE");
      System.exit(2);
    }
    String url = "http://127.0.0.1:8081";
    String token = null;
    String file = null;
    for (int i = 1; i < args.length; i++) {
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
    System.exit(post(url, token, Path.of(file)) ? 0 : 1);
  }

  private static boolean post(String url, String token, Path file) throws IOException, InterruptedException {
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
