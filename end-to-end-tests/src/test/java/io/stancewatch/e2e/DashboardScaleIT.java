package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.StackProcess;
import io.stancewatch.schemas.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard over 10,000 actors × 50 issues (500,000 stances, one pair of them with 10,001
 * statements), in headless Chromium: it shows its first rows and goes Live, loads more rows as
 * the reader scrolls while keeping only a window of rows and columns in the page, sorts and
 * filters on the server, opens timelines from the keyboard (the long pair's a page at a time),
 * shows changes posted through the API, and after a scroll through every actor keeps only a
 * bounded part of them. It prints what a reader waits for, and the tab's JS heap, on one
 * {@code [dashboard-scale]} line (docs/PERFORMANCE.md); it asserts what is shown, never how fast.
 */
class DashboardScaleIT {

  private static final int ACTORS = 10_000;
  private static final int ISSUES = 50;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY = Duration.ofSeconds(120);
  /** Ten characters that match the slugs of actors 04240 to 04249 and no name ("Scale Actor 04240"). */
  private static final String FILTER = "actor-0424";
  /** One of the filtered actors, on an issue in view, has a pair of 10,001 statements: the pair timeline at real volume. */
  private static final int LONG_ACTOR = 4241;
  private static final int LONG_ISSUE = 3;
  private static final int LONG = 10_000;
  private static final List<Stance> LABELS = List.of(Stance.SUPPORT, Stance.OPPOSE, Stance.NEUTRAL);
  private static final int WARM_CHANGES = 3;
  /**
   * Posted changes timed, enough for a p95 and a maximum. Each change goes to a pair of its own
   * among the ten filtered actors × issues 11, 9 and 7 (all in view), so at most 30 in all.
   */
  private static final int MEASURED_CHANGES = 20;

  @Test
  void dashboardStaysUsableOverHalfAMillionStances() throws Exception {
    assertTrue(Files.isExecutable(DashboardIT.CHROMIUM) && Files.isExecutable(DashboardIT.CHROMEDRIVER),
        "DashboardScaleIT drives a real browser: install Debian's chromium and chromium-driver");
    Path dataDir = Files.createTempDirectory(Path.of("target"), "dashboard-scale").toAbsolutePath();
    Launcher launcher = Pipeline.launcher(3);
    try (launcher) {
      int[] ports = Launcher.freePorts(4);
      StackProcess kafka = launcher.broker(dataDir.resolve("kafka"), ports[0]).startAndAwaitReady(READY);
      StackProcess ingest = launcher.ingest("ingest", ports[1], StancewatchUp.TOKEN, "dashboard-scale-ingest-1");
      StackProcess stance = launcher.stance("stance", ports[2], dataDir.resolve("stance"));
      // query-service holds about 1 KB per pair in its heap. It is measured as deployed: with the
      // JIT's optimising tier, which the tests' JAVA_OPTS leave out for a quicker start.
      StackProcess query = launcher.query("query", ports[3], dataDir.resolve("query"))
          .withJvmOptions(List.of("-Xmx1536m", "-XX:TieredStopAtLevel=4"));
      launcher.startAll(READY, ingest, stance, query);

      long loadStart = System.nanoTime();
      writeLog(kafka.bootstrapServers());
      Awaitility.await("500,000 stances served").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
          .until(() -> servedStances(query) == (long) ACTORS * ISSUES && statementsOf(query, LONG_ACTOR, LONG_ISSUE) == LONG + 1);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

      ChromeDriver browser = DashboardIT.chromium("--enable-precise-memory-info", "--js-flags=--expose-gc");
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(query.url() + "/");
        wait.withMessage(() -> "the dashboard should go Live with its first rows; status: " + status(browser))
            .until(b -> mark(browser, "stancewatch:live") != null);
        double liveMs = ((Number) mark(browser, "stancewatch:live").get("startTime")).doubleValue();
        List<String> first = rowActors(browser);
        assertEquals(actor(0), first.get(0), "the first row is the first actor by name");
        assertEquals(ISSUES, browser.findElements(By.cssSelector("#matrix thead th.topic")).size());
        assertTrue(first.size() < 100, "only a window of the rows is in the page: " + first.size());

        // Scrolled to the end of what is loaded, the next page comes; the page still holds a window.
        int loaded = loadedActors(browser);
        browser.executeScript("const m = document.getElementById('matrix'); m.scrollTop = m.scrollHeight;");
        wait.withMessage(() -> "scrolling should load more rows; status: " + status(browser))
            .until(b -> loadedActors(browser) > loaded);
        assertTrue(rowActors(browser).size() < 100, "still a window of the rows: " + rowActors(browser).size());

        // Sorted on the server: by kind, the organisations (odd actors) come before the people.
        browser.executeScript("""
            document.getElementById('sort-actors')
                .addEventListener('change', () => { window.sortedAt = performance.now(); });""");
        new Select(browser.findElement(By.id("sort-actors"))).selectByValue("kind");
        wait.withMessage(() -> "sorted by kind, the first rows should be organisations; rows: " + rowActors(browser))
            .until(b -> rowActors(browser).get(0).equals(actor(1)) && rowActors(browser).get(1).equals(actor(3)));
        double sortMs = ((Number) browser.executeScript("""
            return performance.getEntriesByName('stancewatch:rows')[0].startTime - window.sortedAt;""")).doubleValue();
        new Select(browser.findElement(By.id("sort-actors"))).selectByValue("name");
        wait.until(b -> rowActors(browser).get(0).equals(actor(0)) && rowActors(browser).get(1).equals(actor(1)));

        browser.executeScript("""
            document.getElementById('filter-text')
                .addEventListener('input', () => { window.lastKeyAt = performance.now(); });""");
        browser.findElement(By.id("filter-text")).sendKeys(FILTER);
        Set<String> matching = new TreeSet<>(IntStream.range(4240, 4250).mapToObj(DashboardScaleIT::actor).toList());
        wait.withMessage(() -> "the filter should leave actors 04240 to 04249; rows: " + rowActors(browser))
            .until(b -> FILTER.equals(filterMark(browser)) && new TreeSet<>(rowActors(browser)).equals(matching));
        double filterMs = ((Number) browser.executeScript("""
            return performance.getEntriesByName('stancewatch:rows')[0].startTime - window.lastKeyAt;""")).doubleValue();
        Object filterReads = browser.executeScript("""
            return performance.getEntriesByType('resource').filter(e => e.name.includes('actor=actor-0424'))
                .map(e => `${e.name.replace(/^.*\\//, '').replace(/[?].*/, '')} ${Math.round(e.startTime - window.lastKeyAt)}`
                    + `-${Math.round(e.responseEnd - window.lastKeyAt)}`).join(', ');""");
        int drawn = browser.findElements(By.cssSelector("#matrix tbody td:not(.gap)")).size();
        assertTrue(drawn < matching.size() * ISSUES, "only the columns in view are drawn: " + drawn + " cells");
        assertEquals(drawn, browser.findElements(By.cssSelector("#matrix td button")).size(),
            "each filtered actor has a stance on every issue drawn");
        // Scrolled to the right end, the last issues' cells are drawn.
        browser.executeScript("const m = document.getElementById('matrix'); m.scrollLeft = m.scrollWidth;");
        wait.withMessage(() -> "scrolling right should draw the last issue's cells")
            .until(b -> !b.findElements(By.cssSelector("#matrix td[data-topic='" + issue(ISSUES - 1) + "'] button")).isEmpty());
        browser.executeScript("document.getElementById('matrix').scrollLeft = 0;");
        wait.until(b -> !b.findElements(By.cssSelector("#matrix td[data-topic='" + issue(0) + "'] button")).isEmpty());
        // Tab walks a row's cells on into the columns not drawn yet, as it did when every column was.
        browser.executeScript("arguments[0].focus();", cell(browser, actor(4240), issue(0)).findElement(By.tagName("button")));
        for (int i = 1; i < ISSUES; i++) {
          String next = issue(i);
          browser.switchTo().activeElement().sendKeys(Keys.TAB);
          wait.withMessage(() -> "Tab should move to " + actor(4240) + " × " + next + "; focus is on " + focusedCell(browser))
              .until(b -> (actor(4240) + " " + next).equals(focusedCell(browser)));
        }
        browser.executeScript("document.getElementById('matrix').scrollLeft = 0;");
        wait.until(b -> !b.findElements(By.cssSelector("#matrix td[data-topic='" + issue(7) + "'] button")).isEmpty());

        String actor = actor(4242);
        WebElement button = cell(browser, actor, issue(7)).findElement(By.tagName("button"));
        button.sendKeys(Keys.ENTER);
        WebElement timeline = browser.findElement(By.id("timeline"));
        wait.withMessage(() -> "Enter should open the pair's timeline; it shows: " + timeline.getText())
            .until(b -> timeline.isDisplayed() && timeline.getText().contains(name(4242) + " on " + issue(7))
                && !timeline.findElements(By.cssSelector("li[data-statement-id='scale-4242-7']")).isEmpty());

        // A pair of 10,001 statements: its timeline shows the newest page, and pages back.
        browser.findElement(By.id("timeline")).sendKeys(Keys.ESCAPE);
        cell(browser, actor(LONG_ACTOR), issue(LONG_ISSUE)).findElement(By.tagName("button")).sendKeys(Keys.ENTER);
        wait.withMessage(() -> "the long pair's timeline should open at its newest statements; it shows: " + timeline.getText())
            .until(b -> timeline.getText().contains(name(LONG_ACTOR) + " on " + issue(LONG_ISSUE))
                && timeline.getText().contains((LONG + 1) + " statements") && statementIds(timeline).size() == 100);
        assertEquals("scale-long-" + (LONG - 1), statementIds(timeline).get(0), "newest first");
        timeline.findElement(By.cssSelector("button.older")).click();
        wait.withMessage(() -> "Older statements should add the next page; ids: " + statementIds(timeline).size())
            .until(b -> statementIds(timeline).size() == 200);
        assertEquals("scale-long-" + (LONG - 101), statementIds(timeline).get(100), "the next page follows on");

        // Changes posted to the filtered rows, one at a time, each to a pair not changed before: the
        // first ones find a pipeline that has only folded the bulk-written log, so three are posted
        // before the twenty measured.
        List<Double> shown = new ArrayList<>();
        List<Double> received = new ArrayList<>();
        List<Double> appended = new ArrayList<>();
        for (int n = 0; n < WARM_CHANGES + MEASURED_CHANGES; n++) {
          int a = 4240 + n % 10;
          int i = 11 - n / 10 * 2;
          String changed = actor(a);
          String topic = issue(i);
          Stance now = LABELS.get((LABELS.indexOf(label(a, i)) + 1) % LABELS.size());
          long postedAt = System.currentTimeMillis();
          assertEquals(202, post(ingest, """
              {"statementId": "dashboard-scale-change-%d", "actor": "%s", "topic": "%s", "stance": "%s",
               "occurredAt": "2026-01-01T00:00:00Z"}""".formatted(n, changed, topic, now)));
          wait.withMessage(() -> changed + " × " + topic + " should turn " + now + " live; status: " + status(browser))
              .until(b -> now.name().equals(cell(browser, changed, topic).getDomAttribute("data-stance")));
          if (n >= WARM_CHANGES) {
            shown.add(markedAt(browser, "stancewatch:changes") - postedAt);
            received.add(markedAt(browser, "stancewatch:received") - postedAt);
            appended.add(detectedAt(query, changed, topic) - postedAt);
          }
        }
        double heapMb = usedHeapMb(browser);

        // Scrolled through every actor: what the tab holds with all 500,000 stances loaded.
        browser.findElement(By.id("filter-text")).clear();
        browser.executeScript("document.getElementById('filter-text').dispatchEvent(new Event('input'));");
        wait.withMessage(() -> "clearing the filter should show every actor; status: " + status(browser))
            .until(b -> "".equals(filterMark(browser)));
        browser.manage().timeouts().scriptTimeout(Duration.ofMinutes(5));
        long scrollStart = System.nanoTime();
        browser.executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            const matrix = document.getElementById('matrix');
            const step = () => {
              if (!document.getElementById('status').textContent.includes('more')) {
                done();
              } else {
                matrix.scrollTop = matrix.scrollHeight;
                setTimeout(step, 20);
              }
            };
            step();""");
        double scrollSeconds = (System.nanoTime() - scrollStart) / 1e9;
        assertEquals(ACTORS, loadedActors(browser), "every actor is loaded: " + status(browser));
        browser.executeScript("const m = document.getElementById('matrix'); m.scrollTop = m.scrollHeight;");
        wait.withMessage(() -> "the last actor's row should be drawn at the end; rows: " + rowActors(browser))
            .until(b -> rowActors(browser).contains(actor(ACTORS - 1)));
        double allLoadedMb = usedHeapMb(browser);
        // Only a bounded part of them is kept: far pages were dropped, and back at the top the first
        // rows' stances are read again.
        assertTrue(mark(browser, "stancewatch:dropped") != null, "far pages' stances should have been dropped");
        browser.executeScript("document.getElementById('matrix').scrollTop = 0;");
        wait.withMessage(() -> "the first rows' stances should be read again at the top; rows: " + rowActors(browser))
            .until(b -> rowActors(browser).contains(actor(0))
                && !b.findElements(By.cssSelector("#matrix td[data-actor='" + actor(0) + "'][data-topic='" + issue(0) + "'] button")).isEmpty());

        System.out.printf(Locale.ROOT, "[dashboard-scale] stances=%d load_and_fold_s=%.1f live_with_rows_ms=%.0f"
                + " sorted_by_kind_ms=%.0f filter_after_last_key_ms=%.0f change_shown_after_post_ms=%s (appended %s, received %s) js_heap_mb=%.1f"
                + " all_loaded_s=%.0f all_loaded_js_heap_mb=%.1f%n",
            (long) ACTORS * ISSUES, loadSeconds, liveMs, sortMs, filterMs, spread(shown), spread(appended), spread(received), heapMb,
            scrollSeconds, allLoadedMb);
        System.out.println("[dashboard-scale] each change shown after its post (ms): " + millis(shown));
        System.out.println("[dashboard-scale] filter reads (start, end after the last key, ms): " + filterReads);
      } finally {
        browser.quit();
      }
    }
  }

  /**
   * Writes the log as ingest-service would (Avro {@code StatementEvent}s keyed by actor): one
   * statement per pair, with a label that depends on the pair alone, then the long pair's
   * further 10,000, later than all of them.
   */
  private static void writeLog(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    var keys = Topics.STATEMENTS.keySerde().serializer();
    var values = Topics.STATEMENTS.valueSerde().serializer();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      Consumer<Statement> send = statement -> producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(),
          keys.serialize(Topics.STATEMENTS.name(), statement.getActor()),
          values.serialize(Topics.STATEMENTS.name(), new StatementEvent(statement))), (metadata, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
          });
      for (int a = 0; a < ACTORS; a++) {
        for (int i = 0; i < ISSUES; i++) {
          send.accept(Statement.newBuilder()
              .setStatementId("scale-" + a + "-" + i)
              .setActor(actor(a))
              .setActorName(name(a))
              .setActorKind(a % 2 == 0 ? ActorKind.PERSON : ActorKind.ORGANIZATION)
              .setTopic(issue(i))
              .setStance(label(a, i))
              .setStrength(0.5 + (a + i) % 6 / 10.0)
              .setOccurredAt(start.plusSeconds(a * 60L + i))
              .build());
        }
      }
      for (int n = 0; n < LONG; n++) {
        send.accept(Statement.newBuilder()
            .setStatementId("scale-long-" + n)
            .setActor(actor(LONG_ACTOR))
            .setTopic(issue(LONG_ISSUE))
            .setStance(LABELS.get(n % LABELS.size()))
            .setOccurredAt(start.plusSeconds(ACTORS * 60L + n))
            .build());
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Writing the log failed", failure.get());
    }
  }

  private static String actor(int a) {
    return String.format(Locale.ROOT, "scale-actor-%05d", a);
  }

  private static String name(int a) {
    return String.format(Locale.ROOT, "Scale Actor %05d", a);
  }

  private static String issue(int i) {
    return String.format(Locale.ROOT, "issue-%02d", i);
  }

  private static Stance label(int a, int i) {
    return LABELS.get((a * 7 + i * 3) % LABELS.size());
  }

  /**
   * When the statement behind the pair's latest change entered the log (its {@code detectedAt}: the
   * record's timestamp, which ingest-service's producer sets), in milliseconds since the epoch.
   */
  private static double detectedAt(StackProcess query, String actor, String topic) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(
        query.url() + "/changes?actor=" + actor + "&topic=" + topic + "&limit=1")).build());
    return Instant.parse(JSON.readTree(r.body()).get("items").get(0).get("detectedAt").asText()).toEpochMilli();
  }

  /** The actor and topic of the cell whose button has the focus, or null. */
  private static String focusedCell(JavascriptExecutor browser) {
    return (String) browser.executeScript(
        "const td = document.activeElement?.closest('#matrix td'); return td ? td.dataset.actor + ' ' + td.dataset.topic : null;");
  }

  /** How many statements the pair counts; -1 until it has a stance. */
  private static long statementsOf(StackProcess query, int actor, int issue) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(
        query.url() + "/actors/" + actor(actor) + "/stances/" + issue(issue) + "?limit=1")).build());
    return r.statusCode() == 200 ? JSON.readTree(r.body()).get("statements").asLong() : -1;
  }

  private static List<String> statementIds(WebElement timeline) {
    return timeline.findElements(By.cssSelector("li[data-statement-id]")).stream()
        .map(li -> li.getDomAttribute("data-statement-id")).toList();
  }

  /** The stances /topics counts: every label of every topic. */
  private static long servedStances(StackProcess query) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(query.url() + "/topics?limit=1000")).build());
    if (r.statusCode() != 200) {
      return -1;
    }
    long count = 0;
    for (JsonNode topic : JSON.readTree(r.body()).get("items")) {
      count += topic.get("SUPPORT").asLong() + topic.get("OPPOSE").asLong() + topic.get("NEUTRAL").asLong();
    }
    return count;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mark(JavascriptExecutor browser, String name) {
    return (Map<String, Object>) browser.executeScript(
        "const m = performance.getEntriesByName(arguments[0])[0]; return m ? m.toJSON() : null;", name);
  }

  /** When the last mark of that name was made, in milliseconds since the epoch. */
  private static double markedAt(JavascriptExecutor browser, String name) {
    return ((Number) browser.executeScript(
        "return performance.timeOrigin + performance.getEntriesByName(arguments[0])[0].startTime;", name)).doubleValue();
  }

  /** The tab's live JS heap, after a full garbage collection. */
  private static double usedHeapMb(JavascriptExecutor browser) {
    browser.executeScript("window.gc();");
    return ((Number) browser.executeScript("return performance.memory.usedJSHeapSize;")).doubleValue() / 1e6;
  }

  /** p50, p95 and the maximum, nearest rank. */
  private static String spread(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return String.format(Locale.ROOT, "p50 %.0f p95 %.0f max %.0f", sorted.get((sorted.size() - 1) / 2),
        sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1), sorted.get(sorted.size() - 1));
  }

  private static String millis(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining("/"));
  }

  private static String filterMark(JavascriptExecutor browser) {
    return (String) browser.executeScript(
        "const m = performance.getEntriesByName('stancewatch:rows')[0]; return m ? m.detail.text : null;");
  }

  @SuppressWarnings("unchecked")
  private static List<String> rowActors(JavascriptExecutor browser) {
    return new ArrayList<>((List<String>) browser.executeScript(
        "return [...document.querySelectorAll('#matrix tbody tr')].map(tr => tr.dataset.actor);"));
  }

  /** How many actors the status says are loaded. */
  private static int loadedActors(ChromeDriver browser) {
    String text = status(browser);
    int dot = text.indexOf('\u00b7');
    return Integer.parseInt(text.substring(dot + 1).trim().split(" ")[0]);
  }

  private static WebElement cell(ChromeDriver browser, String actor, String topic) {
    return browser.findElement(By.cssSelector("#matrix td[data-actor='" + actor + "'][data-topic='" + topic + "']"));
  }

  private static String status(ChromeDriver browser) {
    return browser.findElement(By.id("status")).getText();
  }

  private static int post(StackProcess ingest, String body) throws Exception {
    return DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(ingest.url() + "/statements"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + StancewatchUp.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
  }
}
