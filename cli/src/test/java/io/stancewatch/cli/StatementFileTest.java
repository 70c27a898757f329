package io.stancewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementFileTest {

  @Test
  void jsonArrayGivesOneBodyPerElement() throws Exception {
    assertEquals(List.of("{\"actor\":\"a\"}", "{\"actor\":\"b\"}"),
        StatementFile.parse(" [ {\"actor\": \"a\"}, {\"actor\": \"b\"} ]\n"));
  }

  @Test
  void ndjsonGivesOneBodyPerNonBlankLine() throws Exception {
    assertEquals(List.of("{\"actor\": \"a\"}", "{\"actor\": \"b\"}"),
        StatementFile.parse("{\"actor\": \"a\"}\n\n{\"actor\": \"b\"}\r\n"));
  }
}
