package io.stancewatch.ingest.problem;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.stancewatch.ingest.log.LogUnavailableException;
import io.stancewatch.problem.Problem;
import java.util.List;

/** The 503 of a write the broker did not acknowledge: nothing of it was committed, so it is safe to retry. */
public final class UnacknowledgedWrite {

  private UnacknowledgedWrite() {}

  /**
   * The answer to writes whose append failed with {@code failure}, listing the statement ids
   * they carry (generated ones included, and a retraction's), so that a retry with them is folded once.
   */
  public static MutableHttpResponse<Problem> answer(Throwable failure, List<String> statementIds) {
    return problem(failure).withStatementIds(statementIds).toResponse().header(HttpHeaders.RETRY_AFTER, "5");
  }

  private static Problem problem(Throwable failure) {
    // A LogUnavailableException's message is written for clients; any other failure is reported without its own.
    return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, LogUnavailableException.of(failure).getMessage()
        + "; not acknowledged, so retry with the same statementId: a statement id is folded once, so a write that did land is not counted twice");
  }
}
