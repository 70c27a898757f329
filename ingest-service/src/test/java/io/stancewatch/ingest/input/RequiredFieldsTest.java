package io.stancewatch.ingest.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.ingest.retractions.RetractionRequest;
import io.stancewatch.ingest.retractions.RetractionRules;
import io.stancewatch.ingest.statements.StatementRequest;
import io.stancewatch.ingest.statements.StatementRules;
import io.stancewatch.problem.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The generated OpenAPI spec marks as required exactly the fields the rules require: the
 * {@code @Schema} annotations that say so are documentation, and nothing else ties them to the rules.
 */
class RequiredFieldsTest {

  @Test
  void theSpecRequiresWhatTheStatementRulesRequire() throws IOException {
    List<Violation> violations = new StatementRules(Clock.systemUTC())
        .check(new StatementRequest(null, null, null, null, null, null, null, null, null, null, null));
    assertEquals(missing(violations), specRequired("StatementRequest"));
  }

  @Test
  void theSpecRequiresWhatTheRetractionRulesRequire() throws IOException {
    assertEquals(missing(RetractionRules.check(new RetractionRequest(null, null, null, null))),
        specRequired("RetractionRequest"));
  }

  private static Set<String> missing(List<Violation> violations) {
    return violations.stream().filter(v -> v.message().equals("must not be null")).map(Violation::field)
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static Set<String> specRequired(String schema) throws IOException {
    try (InputStream spec = RequiredFieldsTest.class.getResourceAsStream("/META-INF/swagger/ingest-service.yml")) {
      Map<String, Object> root = new Yaml().load(spec);
      Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>)
          ((Map<String, Object>) root.get("components")).get("schemas");
      return Set.copyOf((List<String>) schemas.get(schema).get("required"));
    }
  }
}
