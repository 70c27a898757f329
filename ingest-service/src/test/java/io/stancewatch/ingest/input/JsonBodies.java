package io.stancewatch.ingest.input;

/** Request bodies for the rule tests: a valid JSON object with one field changed. */
public final class JsonBodies {

  private JsonBodies() {}

  /**
   * The JSON object of {@code fields} (each a name and a raw JSON value), with {@code field} set
   * to the raw JSON {@code json}, or added if it is not one of them.
   */
  public static String withField(String[][] fields, String field, String json) {
    StringBuilder body = new StringBuilder("{");
    boolean replaced = false;
    for (String[] f : fields) {
      boolean match = f[0].equals(field);
      replaced |= match;
      body.append(body.length() > 1 ? ", " : "").append('"').append(f[0]).append("\": ").append(match ? json : f[1]);
    }
    if (!replaced) {
      body.append(", \"").append(field).append("\": ").append(json);
    }
    return body.append('}').toString();
  }
}
