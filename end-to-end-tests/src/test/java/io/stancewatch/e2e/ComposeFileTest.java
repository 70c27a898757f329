package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.LinkedHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where this is built, so docker-compose.yml cannot be started here.
 * This keeps it honest instead: every service it runs exists, listens where its
 * application.yml says, and is given only environment variables its configuration reads.
 */
class ComposeFileTest {

  private static final Path ROOT = StancewatchUp.ROOT;
  private static final Pattern PORT_PLACEHOLDER = Pattern.compile("port: \\$\\{(\\w+):(\\d+)}");

  @Test
  void runsKafkaInKraftModeAndTheThreeServices() throws Exception {
    Map<String, Object> services = services();
    assertEquals(List.of("kafka", "ingest-service", "stance-service", "query-service"), List.copyOf(services.keySet()));
    Map<String, Object> kafka = section(services, "kafka");
    assertTrue(((String) kafka.get("image")).startsWith("apache/kafka:"));
    assertEquals("broker,controller", env(kafka).get("KAFKA_PROCESS_ROLES"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "stance-service", "query-service"})
  void serviceMatchesItsConfiguration(String name) throws Exception {
    Map<String, Object> service = section(services(), name);
    String config = Files.readString(ROOT.resolve(name + "/src/main/resources/application.yml"));

    Matcher port = PORT_PLACEHOLDER.matcher(config);
    assertTrue(port.find(), name + " reads its port from an environment variable");
    String portVariable = port.group(1);
    String defaultPort = port.group(2);
    assertEquals(defaultPort, env(service).get(portVariable), name + " port variable");
    assertEquals(List.of(defaultPort + ":" + defaultPort), service.get("ports"), name + " published port");

    for (String variable : env(service).keySet()) {
      assertTrue(config.contains("${" + variable + ":") || config.contains("${" + variable + "}"),
          name + " is given " + variable + " but its application.yml never reads it");
    }
    String advertised = env(section(services(), "kafka")).get("KAFKA_ADVERTISED_LISTENERS");
    assertTrue(advertised.contains("PLAINTEXT://" + env(service).get("KAFKA_BOOTSTRAP_SERVERS")),
        name + " connects to the broker's internal listener");

    String dockerfile = Files.readString(ROOT.resolve(name + "/Dockerfile"));
    assertTrue(dockerfile.contains("target/" + name + "-"), name + " Dockerfile copies its own jar");
    assertTrue(dockerfile.contains("EXPOSE " + defaultPort), name + " Dockerfile exposes its port");
  }

  private static Map<String, Object> services() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    return section(compose, "services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  private static Map<String, String> env(Map<String, Object> service) {
    Map<String, Object> raw = section(service, "environment");
    Map<String, String> env = new LinkedHashMap<>();
    raw.forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }
}
