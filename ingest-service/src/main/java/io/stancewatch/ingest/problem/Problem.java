package io.stancewatch.ingest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.stancewatch.ingest.log.LogUnavailableException;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer. {@code violations} is only
 * present for invalid input; {@code statementIds} only on a 503, so a client that let the
 * ids be generated can still retry with the same ids.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations,
    List<String> statementIds) {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final MediaType MEDIA_TYPE = MediaType.of(CONTENT_TYPE);

  public static Problem of(HttpStatus status, String detail) {
    return new Problem("about:blank", status.getReason(), status.getCode(), detail, null, null);
  }

  public static Problem unavailable(LogUnavailableException e) {
    return of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage() + "; not acknowledged, so retry with the same statementId: a statement id is folded once, so a write that did land is not counted twice");
  }

  public static Problem invalid(String detail, List<Violation> violations) {
    return new Problem("about:blank", HttpStatus.BAD_REQUEST.getReason(), 400, detail, violations, null);
  }

  public Problem withStatementIds(List<String> ids) {
    return new Problem(type, title, status, detail, violations, ids);
  }

  public MutableHttpResponse<Problem> toResponse() {
    MutableHttpResponse<Problem> response = HttpResponse.<Problem>status(HttpStatus.valueOf(status))
        .contentType(MEDIA_TYPE).body(this);
    return status == 503 ? response.header(HttpHeaders.RETRY_AFTER, "5") : response;
  }
}
