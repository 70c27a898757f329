package io.stancewatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a file of statements: a JSON array, or NDJSON (one JSON object a line). */
final class StatementFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatementFile() {}

  /** Each statement as the exact JSON text to post, so the server judges it as written. */
  static List<String> parse(String content) throws IOException {
    String trimmed = content.strip();
    List<String> statements = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      for (JsonNode node : JSON.readTree(trimmed)) {
        statements.add(JSON.writeValueAsString(node));
      }
      return statements;
    }
    for (String line : trimmed.split("\\R")) {
      if (!line.isBlank()) {
        statements.add(line.strip());
      }
    }
    return statements;
  }
}
