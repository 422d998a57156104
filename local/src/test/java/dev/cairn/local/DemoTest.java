package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.program.Program;
import dev.cairn.program.ProgramParser;
import dev.cairn.program.SceneSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `make demo`'s job, run in the suite: every example contact gets a welcome (customers) or pre-boarding (prospects)
 * email, a drop in the sample usage starts the usage-drop rescue, the scheduled reviews run on demand, the next
 * day's sweep starts the renewal program, and every email's link opens its page. The pages sent show every scene
 * type a program can show without a success plan.
 */
class DemoTest {

    private static final Pattern SCENE = Pattern.compile("<section class=\"scene [^\"]*\" id=\"(?:[a-z0-9-]+--)?([a-z0-9-]+)\"");
    private static final Pattern REVIEW = Pattern.compile(
            "<li><a href=\"([^\"]+/hub/h/[A-Za-z0-9_-]+\\.html(?:\\?versionId=[A-Za-z0-9._%-]+)?)\">");
    private static final Pattern TRACKED = Pattern.compile("https?://\\S+/r/[A-Za-z0-9_-]+");

    @Test
    void demoLoadsTheExamplesStartsEveryProgramAndEveryEmailHasAWorkingHubLink(@TempDir Path previews) throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = Demo.run(runtime, Path.of("examples"), previews, new PrintStream(output, true, StandardCharsets.UTF_8));
            String summary = output.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, summary);
            assertTrue(summary.contains("metrics: 200 received 137, created 137"), summary);
            List<Outbox.Email> emails = runtime.outbox().emails();
            // 7 welcomes and 2 pre-boardings; usage-drop for María (her queries) and Hank (Globex's); qbr for the 7
            // customer contacts; the executive summary for Hank; the renewal for Initech's 3 (48 days out).
            assertTrue(summary.contains("Emails sent (22)"), summary);
            assertEquals(22, summary.split("\\[opens]", -1).length - 1, summary);
            assertEquals(22, emails.size());
            Map<String, Long> bySubject = new HashMap<>();
            for (String part : List.of("gets started", "démarre", "success hub is ready", "a quick check-in on",
                    "your quarterly review of", "your executive summary", "Initech renews on")) {
                bySubject.put(part, emails.stream().filter(e -> e.subject().contains(part)).count());
            }
            assertEquals(Map.of("gets started", 1L, "démarre", 1L, "success hub is ready", 7L, "a quick check-in on", 2L,
                    "your quarterly review of", 7L, "your executive summary", 1L, "Initech renews on", 3L), bySubject, summary);
            for (String program : List.of("qbr", "renewal", "usage-drop", "executive-summary")) {
                assertTrue(Files.readString(previews.resolve(program + ".html")).contains("<h1>"), program);
            }

            // Peter's page is his renewal now; his welcome and quarterly review stay reachable from it.
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            Outbox.Email renewal = emails.stream().filter(e -> e.to().contains("peter@initech.example")
                    && e.subject().contains("renews")).findFirst().orElseThrow();
            Matcher link = TRACKED.matcher(renewal.text());
            assertTrue(link.find());
            String page = api.get(api.redirectTarget(link.group())).body();
            assertTrue(page.contains("Earlier reviews"), page);
            assertEquals(2, REVIEW.matcher(page).results().count(), page);

            assertEverySceneTypeShows(api, emails);
        }
    }

    /**
     * Every page the demo rendered — each contact's current page and the earlier reviews it lists — shows, all
     * together, every scene type but the success-plan ones. Each page names its program in its heading.
     */
    private static void assertEverySceneTypeShows(LocalClient api, List<Outbox.Email> emails) throws Exception {
        Map<String, Map<String, String>> typesByProgramName = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("examples/programs"))) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Map<String, String> files = new HashMap<>();
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path file : entries.toList()) {
                        files.put(file.getFileName().toString(), Files.readString(file));
                    }
                }
                Program program = ProgramParser.parse(dir.getFileName().toString(), 1,
                        files.remove(Program.PROGRAM_FILE), files);
                Map<String, String> types = new HashMap<>();
                program.scenes().forEach(s -> types.put(s.id(), s.type()));
                typesByProgramName.put(program.name(), types);
            }
        }
        Set<String> urls = new TreeSet<>();
        for (Outbox.Email email : emails) {
            Matcher link = TRACKED.matcher(email.text());
            assertTrue(link.find(), email.text());
            String page = api.redirectTarget(link.group());
            urls.add(page);
            REVIEW.matcher(api.get(page).body()).results().forEach(m -> urls.add(m.group(1)));
        }
        Set<String> shown = new TreeSet<>();
        List<String> pages = new ArrayList<>();
        for (String url : urls) {
            String page = api.get(url).body();
            pages.add(page);
            Matcher heading = Pattern.compile("<h1>([^<]+)</h1>").matcher(page);
            if (heading.find() && typesByProgramName.containsKey(heading.group(1))) {
                Map<String, String> types = typesByProgramName.get(heading.group(1));
                SCENE.matcher(page).results().map(m -> types.get(m.group(1))).filter(t -> t != null).forEach(shown::add);
            }
        }
        Set<String> expected = new TreeSet<>(SceneSpec.TYPES);
        expected.removeAll(SceneSpec.PLAN_TYPES); // The sample data starts no success plan; PlanScenesTest shows them.
        // Only the manual onboarding-report program shows it, and the demo previews that one without sending it;
        // SuccessPlanTest renders it with a plan's figures.
        expected.remove(SceneSpec.ONBOARDING_METRICS);
        assertEquals(expected, shown);
        // The support-usage narration for each band: Globex above its segment, Northwind below, Initech alone.
        for (String band : List.of("more support tickets than", "fewer support tickets than", "about as many support tickets as")) {
            assertTrue(pages.stream().anyMatch(p -> p.contains(band)), band);
        }
    }
}
