package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real browser (Debian's headless chromium, installed by scripts/chromium.sh) opens a quarterly-review hub page
 * rendered through the whole pipeline, at phone and desktop widths: no console errors, no request to any host but
 * the local runtime, a heading, text alternatives for charts and images, and navigation paths that open by plain
 * links, with JavaScript on and off. Screenshots go to local/target/.
 */
class HubPageBrowserTest {

    /** The email's tracked link, which redirects to the page. */
    private static final Pattern HUB_LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/r/[A-Za-z0-9_-]+");
    private static LocalRuntime runtime;
    private static String pageUrl;

    /**
     * The example data and qbr first, then one new contact in Initech's Engineering team, for whom qbr (scheduled
     * quarterly) is run on demand: the page has every kind of scene qbr has.
     */
    @BeforeAll
    static void renderAQuarterlyReviewPage() throws Exception {
        runtime = TestStack.fresh();
        runtime.clock().set(Demo.SAMPLE_DATA_DATE);
        LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        LocalClient local = new LocalClient(runtime.baseUrl(), null);
        for (String kind : List.of("accounts", "contacts", "metrics")) {
            LocalClient.Response posted = api.post("/v1/" + kind, Files.readString(Path.of("examples/data/" + kind + ".json")));
            assertEquals(200, posted.status(), posted.body());
        }
        local.post("/local/drain", "{}");
        assertEquals(200, api.put("/v1/programs/qbr", Demo.programBody(Path.of("examples/programs/qbr"))).status());
        assertEquals(200, api.post("/v1/contacts", "[{\"contact_id\":\"c-browser\",\"account_id\":\"acc-initech\","
                + "\"email\":\"browser@initech.example\",\"first_name\":\"Bill\",\"last_name\":\"Lumbergh\","
                + "\"team\":\"Engineering\",\"responds_to_surveys\":true}]").status());
        assertEquals(202, api.post("/v1/programs/qbr/runs", "{\"contact_ids\":[\"c-browser\"]}").status());
        local.post("/local/drain", "{}");
        Outbox.Email email = runtime.outbox().emails().stream().filter(e -> e.to().contains("browser@initech.example"))
                .findFirst().orElseThrow(() -> new AssertionError("no qbr email for the new contact"));
        Matcher link = HUB_LINK.matcher(email.text());
        assertTrue(link.find(), email.text());
        pageUrl = local.redirectTarget(link.group());
        assertTrue(pageUrl != null && pageUrl.contains("/hub/h/"), "the tracked link leads to the page: " + pageUrl);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void onAPhoneThePageIsReadableAndSelfContainedAndAPathOpensByItsLink() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            checkPage(chromium, 390, 844, true, Path.of("local/target/hub-phone.png"));
        }
    }

    @Test
    void onADesktopThePageIsReadableAndSelfContainedAndAPathOpensByItsLink() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            checkPage(chromium, 1280, 800, false, Path.of("local/target/hub-desktop.png"));
        }
    }

    @Test
    void withJavaScriptOffAPathStillOpensByItsLink() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.send("Page.enable");
            chromium.send("DOM.enable");
            chromium.send("Emulation.setScriptExecutionDisabled", Json.object().put("value", true));
            chromium.send("Emulation.setDeviceMetricsOverride", Json.object().put("width", 390).put("height", 844)
                    .put("deviceScaleFactor", 2).put("mobile", true));
            chromium.open(pageUrl);

            assertThrows(HeadlessChromium.DevToolsError.class, () -> chromium.box("#path-adoption"),
                    "a path is hidden until its link is followed");
            chromium.click("a[href='#path-adoption']");
            JsonNode box = chromium.box("#path-adoption");
            assertTrue(box.path("height").asInt() > 100, "the path's scenes show: " + box);
            chromium.box("#adoption--usage-chart");

            chromium.click("a[href='#path-business']");
            assertTrue(chromium.box("#business--relationship-chart").path("height").asDouble() > 50,
                    "the other path opens, with its charts");
            chromium.box("#business--support-chart");
        }
    }

    private static void checkPage(HeadlessChromium chromium, int width, int height, boolean mobile, Path screenshot)
            throws Exception {
        for (String domain : List.of("Page.enable", "Network.enable", "Runtime.enable", "Log.enable", "DOM.enable")) {
            chromium.send(domain);
        }
        chromium.send("Emulation.setDeviceMetricsOverride", Json.object().put("width", width).put("height", height)
                .put("deviceScaleFactor", mobile ? 2 : 1).put("mobile", mobile));
        chromium.open(pageUrl);

        JsonNode page = chromium.evaluate("""
                ({h1: document.querySelectorAll('h1').length,
                  title: document.title,
                  imagesWithoutAlt: [...document.querySelectorAll('img')].filter(i => !i.hasAttribute('alt')).length,
                  charts: document.querySelectorAll('svg.chart').length,
                  chartsWithoutName: [...document.querySelectorAll('svg')].filter(s => s.getAttribute('role') !== 'img'
                      || !(s.getAttribute('aria-labelledby') || '').split(' ').every(id => document.getElementById(id))).length,
                  overflow: document.documentElement.scrollWidth - window.innerWidth,
                  viewport: window.innerWidth})""");
        assertEquals(width, page.path("viewport").asInt(), page.toString());
        assertEquals(1, page.path("h1").asInt(), page.toString());
        assertEquals(0, page.path("imagesWithoutAlt").asInt(), page.toString());
        assertEquals(3, page.path("charts").asInt(), "usage, support tickets and relationship charts: " + page);
        assertEquals(0, page.path("chartsWithoutName").asInt(), "every chart is an image with a name and a description");
        assertTrue(page.path("overflow").asInt() <= 0, "nothing wider than the screen: " + page);

        chromium.click("a[href='#path-adoption']");
        JsonNode after = chromium.evaluate("""
                ({hash: location.hash,
                  pathShown: getComputedStyle(document.getElementById('path-adoption')).display !== 'none',
                  chartHeight: document.getElementById('adoption--usage-chart').getBoundingClientRect().height,
                  otherPathShown: getComputedStyle(document.getElementById('path-business')).display !== 'none'})""");
        assertEquals("#path-adoption", after.path("hash").asText(), after.toString());
        assertTrue(after.path("pathShown").asBoolean(), after.toString());
        assertTrue(after.path("chartHeight").asDouble() > 50, "the chart in the path is drawn: " + after);
        assertTrue(!after.path("otherPathShown").asBoolean(), "the other path stays closed: " + after);
        chromium.screenshot(screenshot);

        List<String> errors = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (JsonNode event : chromium.events()) {
            JsonNode params = event.path("params");
            switch (event.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    if (params.path("type").asText().equals("error")) {
                        errors.add(params.toString());
                    }
                }
                case "Runtime.exceptionThrown" -> errors.add(params.toString());
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        errors.add(params.path("entry").toString());
                    }
                }
                case "Network.requestWillBeSent" -> {
                    String url = params.path("request").path("url").asText();
                    if (!url.startsWith(runtime.baseUrl() + "/")) {
                        foreign.add(url);
                    }
                }
                default -> {
                }
            }
        }
        assertEquals(List.of(), errors, "console errors");
        assertEquals(List.of(), foreign, "requests to anything but the local runtime");
    }
}
