package io.stancewatch.ingest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer. {@code violations} is only
 * present for invalid input; {@code statementId} only on a 503, so the client can retry
 * with the same id and the fold drops the copy if the first attempt did land.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations,
    String statementId) {

  public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");

  public static Problem of(HttpStatus status, String detail) {
    return new Problem("about:blank", status.getReason(), status.getCode(), detail, null, null);
  }

  public static Problem unavailable(String detail) {
    return of(HttpStatus.SERVICE_UNAVAILABLE, detail + "; nothing was written, retry with the same statementId");
  }

  public static Problem invalid(String detail, List<Violation> violations) {
    return new Problem("about:blank", HttpStatus.BAD_REQUEST.getReason(), 400, detail, violations, null);
  }

  public Problem withStatementId(String id) {
    return new Problem(type, title, status, detail, violations, id);
  }

  public MutableHttpResponse<Problem> toResponse() {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(status)).contentType(MEDIA_TYPE).body(this);
  }
}
