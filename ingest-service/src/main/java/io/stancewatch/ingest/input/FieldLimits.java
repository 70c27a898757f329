package io.stancewatch.ingest.input;

/**
 * What contract section 2 allows in each field of a statement or a retraction, in one place:
 * {@link FieldRules} checks these, and the request records' {@code @Schema} annotations show
 * the same constants in the OpenAPI spec.
 */
public final class FieldLimits {

  public static final String SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$";
  public static final String SLUG_MESSAGE = "must be a slug: lowercase letters and digits in words joined by single hyphens";
  public static final String STATEMENT_ID = "^[A-Za-z0-9._:-]{1,128}$";
  public static final String STATEMENT_ID_MESSAGE = "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

  /** An actor's slug: the speaker ({@code actor}) and the actor spoken for ({@code onBehalfOf}). */
  public static final int ACTOR_MAX_LENGTH = 64;
  public static final int TOPIC_MAX_LENGTH = 128;
  public static final int ACTOR_NAME_MAX_LENGTH = 200;
  public static final int QUOTE_MAX_LENGTH = 2000;
  public static final int SOURCE_URL_MAX_LENGTH = 2048;
  public static final int REASON_MAX_LENGTH = 500;

  private FieldLimits() {}
}
