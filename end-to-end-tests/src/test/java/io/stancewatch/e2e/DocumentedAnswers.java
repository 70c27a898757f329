package io.stancewatch.e2e;

import io.stancewatch.testing.OpenApiAnswers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The end-to-end tests' way to the HTTP API: each answer is checked against the OpenAPI document
 * the answering service publishes ({@code /swagger/<service>.yml}), so an answer of the real
 * stack that breaks its document fails the test that received it.
 */
final class DocumentedAnswers {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final List<String> SERVICES = List.of("ingest-service", "query-service");
  /** Per service address: its document, read once. */
  private static final Map<String, OpenApiAnswers> DOCUMENTS = new ConcurrentHashMap<>();

  private DocumentedAnswers() {}

  /** Sends the request and checks the answer against the document of the service it went to. */
  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return send(HTTP, request);
  }

  /**
   * {@link #send(HttpRequest)} through the given client. An {@link IOException} also when the
   * service went away before its document could be read: the answer is then as unknown as one
   * never received.
   *
   * @throws AssertionError when the answer breaks the document
   */
  static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
    URI uri = request.uri();
    documentOf(uri).check(request.method(), uri.getRawPath(), answer.statusCode(), answer.headers().map(), answer.body());
    return answer;
  }

  /** Checks a streamed answer's status and headers against the document; its body is still to come. */
  static void checkHead(HttpResponse<?> answer) throws IOException {
    URI uri = answer.request().uri();
    documentOf(uri).checkHead(answer.request().method(), uri.getRawPath(), answer.statusCode(), answer.headers().map());
  }

  private static OpenApiAnswers documentOf(URI uri) throws IOException {
    try {
      return DOCUMENTS.computeIfAbsent(uri.getScheme() + "://" + uri.getRawAuthority(), DocumentedAnswers::documentAt);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The document of the service at {@code base}: whichever of the services' documents it serves. */
  private static OpenApiAnswers documentAt(String base) {
    for (String service : SERVICES) {
      URI document = URI.create(base + "/swagger/" + service + ".yml");
      try {
        if (HTTP.send(HttpRequest.newBuilder(document).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return OpenApiAnswers.of(document.toURL());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(base + " serves none of the documents of " + SERVICES);
  }
}
