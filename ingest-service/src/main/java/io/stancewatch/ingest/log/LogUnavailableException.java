package io.stancewatch.ingest.log;

/** The broker did not acknowledge a write in time; nothing of it was committed. Answered with 503. */
public final class LogUnavailableException extends RuntimeException {

  public LogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
