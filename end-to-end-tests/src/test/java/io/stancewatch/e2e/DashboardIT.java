package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.launcher.Launcher;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a reader meets it, in a real headless Chromium against
 * {@code ./stancewatch up --demo}: the matrix shows exactly what the query API serves, a click
 * opens a pair's timeline, and a new statement changes its cell live, without a page reload.
 */
class DashboardIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOT = Path.of("target/dashboard.png");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NATO = "ukraine-nato-membership";

  @Test
  void matrixShowsTheDemoOpensTimelinesAndFollowsChangesLive() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "DashboardIT drives a real browser: install Debian's chromium and chromium-driver "
            + "(apt-get install -y chromium chromium-driver, as the build's ensure-chromium.sh does)");
    JsonNode seed = JSON.readTree(StancewatchUp.ROOT.resolve("demo/seed-statements.json").toFile());
    Path dataDir = Files.createTempDirectory(Path.of("target"), "dashboard-data").toAbsolutePath();

    try (StancewatchUp up = StancewatchUp.start(dataDir, true, Launcher.freePorts(4))) {
      // Each statement made on a bloc's behalf is folded twice: into its speaker and into the bloc.
      int folded = seed.size() + (int) stream(seed).filter(s -> s.hasNonNull("onBehalfOf")).count();
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> statementsFolded(up) == folded);

      ChromeDriver browser = chromium();
      try {
        browser.get(up.queryUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // A live change re-renders a cell between finding it and reading it: look again.
        wait.ignoring(StaleElementReferenceException.class);

        Map<String, String> served = new TreeMap<>();
        stances(up).forEach(s ->
            served.put(s.get("actor").asText() + "/" + s.get("topic").asText(), s.get("stance").asText()));
        wait.withMessage(() -> "the matrix should show every served stance; it shows " + cells(browser))
            .until(b -> cells(browser).equals(served));
        singleStatementPairs(seed).forEach((pair, stance) ->
            assertEquals(stance, served.get(pair), pair + " has one statement in the seed file"));

        Map<String, String> rowHeaders = new TreeMap<>();
        get(up, "/actors").get("items").forEach(a ->
            rowHeaders.put(a.get("actor").asText(), a.get("name").asText(a.get("actor").asText())));
        assertEquals(rowHeaders, rowHeaders(browser), "rows are named by display name, or by slug for an unnamed bloc");

        // No actor's name has "nato" in it, so the text filter keeps every row and the NATO columns.
        browser.findElement(By.id("filter-text")).sendKeys("nato");
        awaitShown(wait, browser, filtered(served, pair -> pair.split("/")[1].contains("nato")), "text filter");
        browser.findElement(By.id("filter-text")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        new Select(browser.findElement(By.id("filter-stance"))).selectByValue("OPPOSE");
        awaitShown(wait, browser, filtered(served, pair -> served.get(pair).equals("OPPOSE")), "stance filter");
        new Select(browser.findElement(By.id("filter-stance"))).selectByValue("");
        awaitShown(wait, browser, served, "no filter");

        // Rows come in the server's order; grouped by bloc, each bloc starts a group and its speakers are set in.
        for (String sort : List.of("bloc", "kind", "actor", "name")) {
          new Select(browser.findElement(By.id("sort-actors"))).selectByValue(sort);
          List<JsonNode> listed = stream(get(up, "/actors?limit=1000&sort=" + sort).get("items"))
              .filter(a -> served.keySet().stream().anyMatch(pair -> pair.startsWith(a.get("actor").asText() + "/"))).toList();
          List<String> order = listed.stream().map(a -> a.get("actor").asText()).toList();
          wait.withMessage(() -> "rows should come in " + sort + " order " + order + "; they are " + rowOrder(browser))
              .until(b -> rowOrder(browser).equals(order));
          if (sort.equals("bloc")) {
            List<String> members = listed.stream().filter(a -> a.hasNonNull("bloc") && !a.get("bloc").equals(a.get("actor")))
                .map(a -> a.get("actor").asText()).toList();
            assertFalse(members.isEmpty(), "the seed has actors who speak for a bloc");
            assertEquals(members, rowsWith(browser, "th.actor.member"), "the speakers for a bloc are set in");
            List<String> starts = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) {
              String bloc = listed.get(i).path("bloc").asText(null);
              if (!Objects.equals(bloc, i == 0 ? null : listed.get(i - 1).path("bloc").asText(null))) {
                starts.add(listed.get(i).get("actor").asText());
              }
            }
            assertEquals(starts, rowsWith(browser, "tr.group-start > th"), "each bloc's group, and the actors with none, start with a rule");
          }
        }

        JsonNode jonson = stream(seed).filter(s -> s.get("actor").asText().equals("pal-jonson")).findFirst().orElseThrow();
        cell(browser, "pal-jonson", NATO).findElement(By.tagName("button")).click();
        WebElement timeline = browser.findElement(By.id("timeline"));
        wait.withMessage(() -> "the timeline should quote pal-jonson; it shows: " + timeline.getText())
            .until(b -> timeline.isDisplayed() && timeline.getText().contains(jonson.get("quote").asText()));
        assertEquals(jonson.get("sourceUrl").asText(),
            timeline.findElement(By.cssSelector("a.source")).getDomAttribute("href"));
        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

        wait.withMessage(() -> "the change stream should connect; status: " + status(browser))
            .until(b -> "live".equals(browser.findElement(By.id("status")).getDomAttribute("data-connection")));
        // Gone if the page reloads: the change must arrive through the open page.
        browser.executeScript("window.notReloaded = true;");

        String reversal = """
            {"statementId": "dashboard-jonson-reversal", "actor": "pal-jonson", "topic": "ukraine-nato-membership",
             "stance": "OPPOSE", "strength": 0.4, "occurredAt": "2025-03-01T12:00:00Z",
             "quote": "A made-up reversal, for the dashboard test"}""";
        assertEquals(202, post(up, "/statements", reversal));
        wait.withMessage(() -> "pal-jonson × NATO should turn OPPOSE live; status: " + status(browser))
            .until(b -> "OPPOSE".equals(cell(browser, "pal-jonson", NATO).getDomAttribute("data-stance")));
        wait.withMessage(() -> "the open timeline should show the reversal; it shows: " + timeline.getText())
            .until(b -> timeline.getText().contains("A made-up reversal, for the dashboard test"));

        String retraction = """
            {"statementId": "dashboard-jonson-reversal", "actor": "pal-jonson", "topic": "ukraine-nato-membership"}""";
        assertEquals(202, post(up, "/retractions", retraction));
        wait.withMessage(() -> "pal-jonson × NATO should fall back to SUPPORT live; status: " + status(browser))
            .until(b -> "SUPPORT".equals(cell(browser, "pal-jonson", NATO).getDomAttribute("data-stance")));
        wait.withMessage(() -> "the timeline should strike the retracted reversal through; it shows: " + timeline.getText())
            .until(b -> !timeline.findElements(By.cssSelector(
                "li.retracted[data-statement-id='dashboard-jonson-reversal'] del")).isEmpty());

        String newcomer = """
            {"statementId": "dashboard-newcomer", "actor": "dashboard-observer", "actorName": "Dashboard Observer",
             "topic": "dashboard-new-issue", "stance": "SUPPORT", "occurredAt": "2025-03-01T13:00:00Z"}""";
        assertEquals(202, post(up, "/statements", newcomer));
        wait.withMessage(() -> "a new actor and issue should get a row and a column; rows: " + rowHeaders(browser))
            .until(b -> "SUPPORT".equals(cellStance(browser, "dashboard-observer", "dashboard-new-issue")));
        assertEquals("Dashboard Observer", rowHeaders(browser).get("dashboard-observer"));
        assertEquals(true, browser.executeScript("return window.notReloaded === true;"), "the page was not reloaded");
      } finally {
        browser.quit();
      }
      assertEquals(0, up.stop(Duration.ofSeconds(90)), "up stops cleanly on SIGTERM");
    }
  }

  /** Headless Chromium in a window of 1400 × 900, with a profile of its own and any `extraArguments`. */
  static ChromeDriver chromium(String... extraArguments) throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(extraArguments);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900",
        "--user-data-dir=" + Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile"));
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(driver, options);
  }

  /** The stance each non-empty cell shows, by "actor/topic", read in one round trip. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> cells(JavascriptExecutor browser) {
    return new TreeMap<>((Map<String, String>) browser.executeScript("""
        return Object.fromEntries([...document.querySelectorAll('#matrix td')]
            .filter(td => td.dataset.stance)
            .map(td => [td.dataset.actor + '/' + td.dataset.topic, td.dataset.stance]));"""));
  }

  /** Like {@link #cells}, but only the cells the filters leave a button in. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> shown(JavascriptExecutor browser) {
    return new TreeMap<>((Map<String, String>) browser.executeScript("""
        return Object.fromEntries([...document.querySelectorAll('#matrix td')]
            .filter(td => td.querySelector('button'))
            .map(td => [td.dataset.actor + '/' + td.dataset.topic, td.dataset.stance]));"""));
  }

  private static void awaitShown(WebDriverWait wait, ChromeDriver browser, Map<String, String> expected, String what) {
    wait.withMessage(() -> what + ": expected " + expected + " but the matrix shows " + shown(browser))
        .until(b -> shown(browser).equals(expected));
  }

  private static Map<String, String> filtered(Map<String, String> cells, Predicate<String> keep) {
    Map<String, String> kept = new TreeMap<>(cells);
    kept.keySet().removeIf(keep.negate());
    return kept;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> rowHeaders(JavascriptExecutor browser) {
    return new TreeMap<>((Map<String, String>) browser.executeScript("""
        return Object.fromEntries([...document.querySelectorAll('#matrix tbody tr')]
            .map(tr => [tr.dataset.actor, tr.querySelector('th').textContent]));"""));
  }

  /** The actors of the rows, top to bottom. */
  @SuppressWarnings("unchecked")
  private static List<String> rowOrder(JavascriptExecutor browser) {
    return (List<String>) browser.executeScript("return [...document.querySelectorAll('#matrix tbody tr')].map(tr => tr.dataset.actor);");
  }

  /** The actors of the rows whose header matches the selector, top to bottom. */
  @SuppressWarnings("unchecked")
  private static List<String> rowsWith(JavascriptExecutor browser, String headerSelector) {
    return (List<String>) browser.executeScript("return [...document.querySelectorAll(arguments[0])]"
        + ".map(th => th.closest('tr').dataset.actor);", "#matrix tbody " + headerSelector);
  }

  private static WebElement cell(ChromeDriver browser, String actor, String topic) {
    return browser.findElement(By.cssSelector("#matrix td[data-actor='" + actor + "'][data-topic='" + topic + "']"));
  }

  private static String cellStance(ChromeDriver browser, String actor, String topic) {
    return cells(browser).get(actor + "/" + topic);
  }

  private static String status(ChromeDriver browser) {
    return browser.findElement(By.id("status")).getText();
  }

  /** The pairs the seed file says exactly one thing about, and what: their stance cannot depend on folding order. */
  private static Map<String, String> singleStatementPairs(JsonNode seed) {
    Map<String, List<String>> said = new TreeMap<>();
    for (JsonNode s : seed) {
      String topic = s.get("topic").asText();
      said.computeIfAbsent(s.get("actor").asText() + "/" + topic, k -> new ArrayList<>()).add(s.get("stance").asText());
      if (s.hasNonNull("onBehalfOf")) {
        said.computeIfAbsent(s.get("onBehalfOf").asText() + "/" + topic, k -> new ArrayList<>()).add(s.get("stance").asText());
      }
    }
    Map<String, String> single = new TreeMap<>();
    said.forEach((pair, stances) -> {
      if (stances.size() == 1) {
        single.put(pair, stances.get(0));
      }
    });
    return single;
  }

  private static int statementsFolded(StancewatchUp up) throws Exception {
    return stances(up).stream().mapToInt(s -> s.get("statements").asInt()).sum();
  }

  /** Every served stance, following {@code next} through the pages of {@code /stances}. */
  private static List<JsonNode> stances(StancewatchUp up) throws Exception {
    List<JsonNode> stances = new ArrayList<>();
    String next = null;
    do {
      JsonNode page = get(up, "/stances?limit=1000" + (next == null ? "" : "&cursor=" + next));
      page.get("stances").forEach(stances::add);
      next = page.get("next").isNull() ? null : page.get("next").asText();
    } while (next != null);
    return stances;
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }

  private static JsonNode get(StancewatchUp up, String path) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(up.queryUrl() + path)).build());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static int post(StancewatchUp up, String path, String body) throws Exception {
    return DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(up.ingestUrl() + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + StancewatchUp.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
  }
}
