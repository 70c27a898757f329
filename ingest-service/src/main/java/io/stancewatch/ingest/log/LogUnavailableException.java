package io.stancewatch.ingest.log;

import java.util.concurrent.CompletionException;

/** The broker did not acknowledge a write in time; nothing of it was committed. Answered with 503. */
public final class LogUnavailableException extends RuntimeException {

  public LogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The failure of an {@link StatementLog#append} future, as a dependent stage reports it. */
  public static LogUnavailableException of(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof LogUnavailableException u ? u
        : new LogUnavailableException("The statement log is unavailable", cause);
  }
}
