package dev.cairn.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.render.CompiledProgram;
import dev.cairn.render.HubRenderer;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.RenderedMessage;
import dev.cairn.render.fields.FieldData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Sequences: parsing and validating {@code steps}, and when each step is due. */
class SequenceStepsTest {

    private static final Instant ENTRY = Instant.parse("2026-11-02T10:00:00Z");
    private static final Map<String, String> FILES = Map.of("email.liquid", "<p>{{ hub.url }}</p>", "email.txt", "{{ hub.url }}",
            "a.liquid", "<p>A</p>", "a.txt", "A");

    private static StepSpec step(Program program, String id) {
        return program.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static Map<String, String> exampleFiles() {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> paths = Files.list(Path.of("../examples/programs/hub-launch"))) {
            for (Path path : paths.toList()) {
                files.put(path.getFileName().toString(), Files.readString(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static Program example() {
        Map<String, String> files = exampleFiles();
        return ProgramParser.parse("hub-launch", 1, files.remove(Program.PROGRAM_FILE), files);
    }

    /** A program with the given trigger settings and steps (YAML lines, indented by two under steps:). */
    private static String yaml(String trigger, String steps) {
        return "id: seq\nname: Seq\n" + trigger + "\nemail:\n  subject: Hi\n  html: email.liquid\n  text: email.txt\n"
                + "scenes:\n  - type: intro\n" + (steps == null ? "" : "steps:\n" + steps);
    }

    private static Program parse(String yaml) {
        return ProgramParser.parse("seq", 1, yaml, FILES);
    }

    private static List<String> problems(String yaml) {
        return assertThrows(ProgramValidationException.class, () -> parse(yaml)).problems();
    }

    private static final String MANUAL = "trigger:\n  on: manual";
    private static final String EMAIL_A = "    email: {subject: A, html: a.liquid, text: a.txt}\n";

    @Test
    void theExampleWarmUpIsTimedFromTheEntryAndTheEngagement() {
        Program program = example();
        assertEquals(List.of("intro", "reminder", "thanks", "nudge"), program.steps().stream().map(StepSpec::id).toList());
        StepSpec nudge = step(program, "nudge");
        assertEquals(Sequence.MAIN, nudge.anchor());
        assertEquals(2, nudge.delayDays());
        assertEquals(Sequence.IF_NOT_ENGAGED, nudge.condition());
        assertEquals("nudge.liquid", nudge.emailHtmlFile());
        assertEquals(Sequence.ENGAGED, step(program, "thanks").anchor());
        assertNull(step(program, "thanks").condition());

        assertEquals(Duration.ofDays(7), Sequence.lead(program), "the intro a week before the main send goes at entry");
        assertEquals(List.of(new Sequence.Timed("intro", ENTRY), new Sequence.Timed("reminder", ENTRY.plus(Duration.ofDays(5))),
                        new Sequence.Timed("main", ENTRY.plus(Duration.ofDays(7))), new Sequence.Timed("nudge", ENTRY.plus(Duration.ofDays(9)))),
                Sequence.atEntry(program, ENTRY));
        Instant engaged = ENTRY.plus(Duration.ofDays(7)).plusSeconds(7200);
        assertEquals(List.of(new Sequence.Timed("thanks", engaged)), Sequence.afterEngagement(program, engaged));
        assertEquals(9, Sequence.spanDays(program));
    }

    @Test
    void aProgramWithoutStepsIsItsMainSendAtEntry() {
        Program program = parse(yaml(MANUAL, null));
        assertEquals(List.of(), program.steps());
        assertEquals(Duration.ZERO, Sequence.lead(program));
        assertEquals(List.of(new Sequence.Timed("main", ENTRY)), Sequence.atEntry(program, ENTRY));
        assertEquals(List.of(), Sequence.afterEngagement(program, ENTRY));
    }

    @Test
    void stepsChainOnEarlierStepsWhetherTimedAtEntryOrOnEngagement() {
        Program program = parse(yaml(MANUAL, "  - id: follow-up\n    after: main\n    delay_days: 3\n    if: engaged\n" + EMAIL_A
                + "  - id: last-call\n    after: follow-up\n    delay_days: 4\n" + EMAIL_A
                + "  - id: thanks\n    after: engaged\n" + EMAIL_A
                + "  - id: tips\n    after: thanks\n    delay_days: 2\n    page: true\n" + EMAIL_A));
        assertEquals(List.of(new Sequence.Timed("main", ENTRY), new Sequence.Timed("follow-up", ENTRY.plus(Duration.ofDays(3))),
                new Sequence.Timed("last-call", ENTRY.plus(Duration.ofDays(7)))), Sequence.atEntry(program, ENTRY));
        Instant engaged = ENTRY.plusSeconds(3600);
        assertEquals(List.of(new Sequence.Timed("thanks", engaged), new Sequence.Timed("tips", engaged.plus(Duration.ofDays(2)))),
                Sequence.afterEngagement(program, engaged));
        assertTrue(step(program, "tips").renderPage());
        assertFalse(step(program, "thanks").renderPage());
        assertEquals(7, Sequence.spanDays(program));
    }

    @Test
    void everyMistakeInStepsIsNamedWithItsLine() {
        List<String> problems = problems(yaml(MANUAL, "  - id: main\n    offset_days: 1\n" + EMAIL_A   // lines 12-14
                + "  - id: early\n    offset_days: -3\n    after: main\n" + EMAIL_A                       // 15-18
                + "  - id: later\n    after: nowhere\n" + EMAIL_A                                          // 19-21
                + "  - id: later\n    after: main\n    delay_days: -1\n    if: maybe\n" + EMAIL_A            // 22-26
                + "  - id: thanks\n    after: engaged\n    if: engaged\n    colour: red\n" + EMAIL_A       // 27-31
                + "  - id: no-file\n    offset_days: 2\n    email: {subject: B, html: b.liquid}\n"      // 32-34
                + "  - id: Bad_Id\n    offset_days: x\n    page: yes-please\n" + EMAIL_A));               // 35-38
        assertEquals(List.of(
                "program.yaml:12: step 'main': 'main' is reserved (main is the program's own email, engaged the contact's first engagement)",
                "program.yaml:15: step 'early': give either offset_days (days from the main send, such as -7) or after (main, engaged or an earlier step) with delay_days",
                "program.yaml:20: step 'later': after 'nowhere' names no earlier step (use main, engaged or the id of a step listed before this one)",
                "program.yaml:24: step 'later': delay_days must be a whole number of days, 0 or more",
                "program.yaml:25: step 'later': if 'maybe' must be engaged or not_engaged",
                "program.yaml:30: step 'thanks': unknown key 'colour' (allowed: [after, delay_days, email, id, if, offset_days, page])",
                "program.yaml:29: step 'thanks': if is not needed on a step that follows the contact's engagement: the contact has engaged by then",
                "program.yaml:34: step 'no-file': email.html names 'b.liquid', which is not among the program's files [a.liquid, a.txt, email.liquid, email.txt]",
                "program.yaml:34: step 'no-file': email.text is required (the name of a Liquid file beside program.yaml)",
                "program.yaml:35: step 'Bad_Id': id is required: lowercase letters, digits and hyphens, starting with a letter",
                "program.yaml:36: step 'Bad_Id': offset_days must be a whole number of days from the main send (negative: before it)",
                "program.yaml:37: step 'Bad_Id': page must be true (render the hub page again) or false"), problems);
        assertEquals(List.of("program.yaml:11: steps must be a list of steps, each with an id, its timing and its email"),
                problems(yaml(MANUAL, "  intro: {}\n")));
    }

    @Test
    void aRepeatableTriggerNeedsACooldownAsLongAsTheSequence() {
        String steps = "  - id: intro\n    offset_days: -10\n" + EMAIL_A + "  - id: last\n    offset_days: 25\n" + EMAIL_A;
        assertEquals(List.of("program.yaml:11: the sequence lasts 35 days, longer than entry.cooldown_days (30); set"
                + " entry.cooldown_days to at least 35"), problems(yaml("trigger:\n  on: health_drop", steps)));
        assertEquals(List.of("program.yaml:6: the sequence lasts 35 days, longer than entry.cooldown_days (20); set"
                + " entry.cooldown_days to at least 35"), problems(yaml("trigger:\n  on: health_drop\nentry:\n  cooldown_days: 20", steps)));
        assertEquals(2, parse(yaml("trigger:\n  on: health_drop\nentry:\n  cooldown_days: 35", steps)).steps().size());
        assertEquals(2, parse(yaml("trigger:\n  on: contact_created", steps)).steps().size(), "a contact is created once");
    }

    @Test
    void eachStepRendersItsOwnEmailWithTheProgramsScenes() {
        LiquidEngine liquid = new LiquidEngine();
        CompiledProgram compiled = CompiledProgram.compile(example(), liquid);
        Map<String, Object> contact = Map.of("contact_id", "c-ana", "account_id", "acc-1", "email", "ana@example.com",
                "first_name", "<b>Ana</b>");
        Map<String, Object> account = Map.of("account_id", "acc-1", "name", "Harbor Co");
        FieldData data = new FieldData(contact, account, LocalDate.parse("2026-11-09"), Map.of(), Map.of());
        HubRenderer renderer = new HubRenderer(liquid);
        RenderedMessage thanks = renderer.render(compiled, data, "https://hub.example/h/abc.html",
                dev.cairn.tracking.TrackedLinks.UNTRACKED, List.of(), compiled.step("thanks").orElseThrow());
        assertEquals("Thank you for visiting your success hub, <b>Ana</b>", thanks.subject(), "a subject is plain text");
        assertTrue(thanks.html().contains("Hi &lt;b&gt;Ana&lt;/b&gt;,"), thanks.html());
        assertTrue(thanks.html().contains("How satisfied are you with your success hub?"), thanks.html());
        assertTrue(thanks.text().startsWith("Hi <b>Ana</b>,"), thanks.text());
        RenderedMessage main = renderer.render(compiled, data, "https://hub.example/h/abc.html");
        assertEquals("<b>Ana</b>, your Harbor Co success hub is ready", main.subject());
        assertEquals(main.page(), thanks.page(), "the page is the program's, whichever step renders it");
        assertTrue(compiled.step("main").isEmpty(), "the main send is the program's own email");
    }
}
