package io.stancewatch.query.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;

/** An RFC 9457 problem detail, the body of every error answer; {@code violations} only for invalid parameters. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final MediaType MEDIA_TYPE = MediaType.of(CONTENT_TYPE);

  public static Problem of(HttpStatus status, String detail) {
    return new Problem("about:blank", status.getReason(), status.getCode(), detail, null);
  }

  public static Problem invalid(String field, String message) {
    return new Problem("about:blank", HttpStatus.BAD_REQUEST.getReason(), 400, "Invalid parameter " + field,
        List.of(new Violation(field, message)));
  }

  public MutableHttpResponse<Problem> toResponse() {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(status)).contentType(MEDIA_TYPE).body(this);
  }
}
