package io.stancewatch.ingest.input;

/** The identifier rules of contract section 2, shared by statements and retractions. */
public final class Slugs {

  public static final String SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$";
  public static final String SLUG_MESSAGE = "must be a slug: lowercase letters and digits in words joined by single hyphens";
  public static final String STATEMENT_ID = "^[A-Za-z0-9._:-]{1,128}$";
  public static final String STATEMENT_ID_MESSAGE = "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

  private Slugs() {}
}
