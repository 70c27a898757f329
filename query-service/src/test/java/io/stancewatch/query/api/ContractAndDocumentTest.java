package io.stancewatch.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/CONTRACT.md (section 5) and the OpenAPI document name the same fields, in the same order,
 * for the answers the contract spells out field by field: a change to either shows here.
 */
class ContractAndDocumentTest {

  private static final Pattern FIELD = Pattern.compile("\"([A-Za-z]+)\"");

  @Test
  void stanceChangeHistoryEntryAndActorListItemHaveTheContractsFields() throws Exception {
    String contract = Files.readString(Path.of("../docs/CONTRACT.md"));
    Map<String, Map<String, Object>> schemas = schemas();

    assertEquals(fields(contract, "`Stance` = `{"), properties(schemas, "StanceJson"));
    assertEquals(fields(contract, "`Change` = `{"), properties(schemas, "ChangeJson"));
    assertEquals(fields(contract, "retracted ones included and marked, each `{"),
        properties(schemas, "PairJson.HistoryJson"));
    assertEquals(fields(contract, "`GET /actors?actor=&sort=&limit=&cursor=` | `{\"items\": [{"),
        properties(schemas, "ActorController.ActorSummary"));
  }

  /** The quoted names of the contract's object that starts with {@code start}, up to its closing brace. */
  private static List<String> fields(String contract, String start) {
    int from = contract.indexOf(start);
    assertTrue(from >= 0, "the contract has " + start);
    String object = contract.substring(from + start.length(), contract.indexOf('}', from));
    List<String> names = new ArrayList<>();
    Matcher field = FIELD.matcher(object);
    while (field.find()) {
      names.add(field.group(1));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static List<String> properties(Map<String, Map<String, Object>> schemas, String name) {
    return List.copyOf(((Map<String, Object>) schemas.get(name).get("properties")).keySet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> schemas() throws Exception {
    try (InputStream document = ContractAndDocumentTest.class.getResourceAsStream("/META-INF/swagger/query-service.yml")) {
      Map<String, Object> components = (Map<String, Object>) new Yaml().<Map<String, Object>>load(document).get("components");
      return (Map<String, Map<String, Object>>) components.get("schemas");
    }
  }
}
