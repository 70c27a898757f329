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

  /** The answer to a retraction whose append failed with {@code failure}. */
  public static MutableHttpResponse<Problem> answer(Throwable failure) {
    return respond(problem(failure));
  }

  /**
   * The answer to statements whose append failed with {@code failure}, listing their ids,
   * generated ones included, so that a retry with them is folded once.
   */
  public static MutableHttpResponse<Problem> answer(Throwable failure, List<String> statementIds) {
    return respond(problem(failure).withStatementIds(statementIds));
  }

  private static Problem problem(Throwable failure) {
    // A LogUnavailableException's message is written for clients; any other failure is reported without its own.
    return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, LogUnavailableException.of(failure).getMessage()
        + "; not acknowledged, so retry with the same statementId: a statement id is folded once, so a write that did land is not counted twice");
  }

  private static MutableHttpResponse<Problem> respond(Problem problem) {
    return problem.toResponse().header(HttpHeaders.RETRY_AFTER, "5");
  }
}
