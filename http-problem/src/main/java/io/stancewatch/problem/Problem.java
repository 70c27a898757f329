package io.stancewatch.problem;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer of every service (contract
 * sections 3 and 5). The {@code @Schema} annotations describe it in each service's OpenAPI spec,
 * which cannot read this Javadoc from a jar.
 */
@Introspected
// Absent, not null: the query API writes every other null field, but not a problem's optional members.
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An RFC 9457 problem detail, the body of every error answer. `violations` is only present"
    + " for invalid input; `statementIds` only on ingest-service's 503, so a client that let the ids be generated"
    + " can still retry with the same ids.")
public record Problem(
    @Schema(requiredMode = REQUIRED) String type,
    @Schema(requiredMode = REQUIRED) String title,
    @Schema(requiredMode = REQUIRED) int status,
    @Schema(requiredMode = REQUIRED) String detail,
    @Schema(requiredMode = NOT_REQUIRED) List<Violation> violations,
    @Schema(requiredMode = NOT_REQUIRED) List<String> statementIds) {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final MediaType MEDIA_TYPE = MediaType.of(CONTENT_TYPE);

  /** RFC 9457's type for a problem that means no more than its status. */
  static final String NO_TYPE = "about:blank";

  public static Problem of(HttpStatus status, String detail) {
    return new Problem(NO_TYPE, status.getReason(), status.getCode(), detail, null, null);
  }

  /** A 400 whose violations say what to fix; an empty list when the input as a whole is wrong. */
  public static Problem invalid(String detail, List<Violation> violations) {
    return new Problem(NO_TYPE, HttpStatus.BAD_REQUEST.getReason(), HttpStatus.BAD_REQUEST.getCode(), detail,
        violations, null);
  }

  public Problem withStatementIds(List<String> ids) {
    return new Problem(type, title, status, detail, violations, ids);
  }

  public MutableHttpResponse<Problem> toResponse() {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(status)).contentType(MEDIA_TYPE).body(this);
  }
}
