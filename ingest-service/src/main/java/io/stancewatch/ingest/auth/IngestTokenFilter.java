package io.stancewatch.ingest.auth;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.stancewatch.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write needs {@code Authorization: Bearer <token>} with a configured ingest token;
 * reads (health, metrics, the OpenAPI spec and Swagger UI) stay open. Tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing about how
 * much of a guess was right, and they are never logged. With no token configured every write
 * is refused.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class IngestTokenFilter {

  private static final Logger LOG = LoggerFactory.getLogger(IngestTokenFilter.class);
  private static final String BEARER = "Bearer ";

  private final List<byte[]> tokenDigests = new ArrayList<>();

  public IngestTokenFilter(
      @Property(name = "stancewatch.ingest.token") String token,
      @Property(name = "stancewatch.ingest.tokens") List<String> tokens) {
    if (!token.isBlank()) {
      tokenDigests.add(digest(token));
    }
    tokens.stream().filter(t -> !t.isBlank()).map(IngestTokenFilter::digest).forEach(tokenDigests::add);
    if (tokenDigests.isEmpty()) {
      LOG.warn("No ingest token configured (STANCEWATCH_INGEST_TOKEN): every write will be refused with 401");
    }
  }

  /** Null lets the request through; a response answers it here. */
  @RequestFilter
  @Nullable
  public HttpResponse<Problem> authorize(HttpRequest<?> request) {
    HttpMethod method = request.getMethod();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return null;
    }
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      byte[] presented = digest(header.substring(BEARER.length()).trim());
      boolean known = false;
      for (byte[] digest : tokenDigests) {
        known |= MessageDigest.isEqual(digest, presented);
      }
      if (known) {
        return null;
      }
    }
    return Problem.of(HttpStatus.UNAUTHORIZED, "Writes need the header 'Authorization: Bearer <ingest token>'")
        .toResponse().header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
