package dev.cairn.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.RenderModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProgramParserTest {

    private static final Path WELCOME = Path.of("../examples/programs/welcome");
    private static final String HOSTILE_NAME = "<script>alert(1)</script>";

    private static String welcomeYaml;
    private static Map<String, String> welcomeFiles;

    private final LiquidEngine liquid = new LiquidEngine();

    /** Reads a program folder as the API receives it: program.yaml, and every other file by name. */
    @BeforeAll
    static void readWelcomeProgram() throws IOException {
        welcomeYaml = Files.readString(WELCOME.resolve(Program.PROGRAM_FILE));
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> paths = Files.list(WELCOME)) {
            paths.filter(path -> !path.getFileName().toString().equals(Program.PROGRAM_FILE)).forEach(path -> {
                try {
                    files.put(path.getFileName().toString(), Files.readString(path));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        welcomeFiles = Map.copyOf(files);
    }

    private static List<String> problems(String expectedId, String yaml, Map<String, String> files) {
        return assertThrows(ProgramValidationException.class,
                () -> ProgramParser.parse(expectedId, 1, yaml, files)).problems();
    }

    private static List<String> problems(String yaml) {
        return problems("welcome", yaml, welcomeFiles);
    }

    private static void assertHasProblem(List<String> problems, String expected) {
        assertTrue(problems.contains(expected), () -> "expected <" + expected + "> among " + problems);
    }

    @Test
    void parsesTheWelcomeExample() {
        Program program = ProgramParser.parse("welcome", 3, welcomeYaml, welcomeFiles);

        assertEquals("welcome", program.id());
        assertEquals(3, program.version());
        assertEquals("Welcome to your success hub", program.name());
        assertEquals(Triggers.CONTACT_CREATED, program.trigger().on());
        assertEquals(List.of(), program.segments());
        assertEquals(List.of(), program.roles());
        assertEquals("contact.email != empty and account.lifecycle != \"prospect\"", program.audienceWhen());
        assertEquals("page.liquid", program.pageFile());
        assertEquals("{{ contact.first_name | default: 'Hello' }}, your {{ account.name }} success hub is ready",
                program.emailSubject().defaultText());
        assertEquals("email.liquid", program.emailHtmlFile());
        assertEquals("email.txt", program.emailTextFile());
        assertEquals(welcomeYaml, program.yaml());
        assertEquals(welcomeFiles, program.files());
    }

    /**
     * evaluate and render read a stored version from its parsed form (no YAML parser): every example program reads
     * back as the program its YAML gives, and its templates are labelled with the same lines of program.yaml.
     */
    @Test
    void everyExampleReadsBackFromItsParsedFormAsFromItsYaml() throws IOException {
        List<Path> folders;
        try (Stream<Path> paths = Files.list(WELCOME.getParent())) {
            folders = paths.sorted().toList();
        }
        assertTrue(folders.size() > 1, "the examples: " + folders);
        for (Path folder : folders) {
            Map<String, String> files = new HashMap<>();
            try (Stream<Path> paths = Files.list(folder)) {
                for (Path path : paths.toList()) {
                    files.put(path.getFileName().toString(), Files.readString(path));
                }
            }
            String yaml = files.remove(Program.PROGRAM_FILE);
            String id = folder.getFileName().toString();
            Program fromYaml = ProgramParser.parse(id, 2, yaml, files);
            Program fromParsed = ProgramParser.fromParsedForm(id, 2, yaml, ProgramParser.parsedForm(fromYaml), files);

            assertEquals(fromYaml, fromParsed, id);
            assertEquals(CompiledProgram.compile(fromYaml, liquid).subject().file(),
                    CompiledProgram.compile(fromParsed, liquid).subject().file(), id);
        }
        assertEquals("program.yaml:11 (email.subject)", CompiledProgram.compile(ProgramParser.fromParsedForm("welcome", 1,
                welcomeYaml, ProgramParser.parsedForm(ProgramParser.parse("welcome", 1, welcomeYaml, welcomeFiles)),
                welcomeFiles), liquid).subject().file());
    }

    @Test
    void compilesTheWelcomeExample() {
        CompiledProgram compiled = CompiledProgram.compile(ProgramParser.parse("welcome", 1, welcomeYaml, welcomeFiles),
                liquid);

        assertNotNull(compiled.page());
        assertNotNull(compiled.subject());
        assertNotNull(compiled.html());
        assertNotNull(compiled.text());
        assertNotNull(compiled.audience());
        assertTrue(compiled.audience().holds(Map.of("contact", Map.of("email", "ann@example.com"))));
        assertFalse(compiled.audience().holds(Map.of("contact", Map.of("email", "ann@example.com"),
                "account", Map.of("lifecycle", "prospect"))));
    }

    @Test
    void theWelcomePageEscapesAHostileFirstName() {
        CompiledProgram compiled = CompiledProgram.compile(ProgramParser.parse("welcome", 1, welcomeYaml, welcomeFiles),
                liquid);
        Map<String, Object> contact = Map.of("contact_id", "c-1", "email", "ann@example.com",
                "first_name", HOSTILE_NAME, "role", "\" onmouseover=\"x", "locale", "en\" onload=\"x");
        Map<String, Object> account = Map.of("account_id", "a-1", "name", "Acme & Co",
                "licenses_purchased", new BigDecimal("50"), "licenses_used", new BigDecimal("12"), "plan", "Growth");
        Map<String, Object> variables = RenderModel.of(contact, account, "https://hub.example/p/k?a=1&b=2", "welcome",
                "Welcome to your success hub");

        String page = liquid.render("page.liquid", compiled.page(), variables);

        assertFalse(page.contains(HOSTILE_NAME), "the raw payload must not reach the page");
        assertFalse(page.contains("\" onmouseover=\""));
        assertFalse(page.contains("\" onload=\""));
        assertTrue(page.contains("<h1>Welcome, &lt;script&gt;alert(1)&lt;/script&gt;</h1>"), page);
        assertTrue(page.contains("<title>Acme &amp; Co success hub for &lt;script&gt;alert(1)&lt;/script&gt;</title>"),
                page);
        assertTrue(page.contains("<html lang=\"en&quot; onload=&quot;x\">"), page);
        assertTrue(page.contains(" as &quot; onmouseover=&quot;x</h2>"), page);
        assertTrue(page.contains("<p class=\"metric\">12 / 50</p>"), page);

        String html = liquid.render("email.liquid", compiled.html(), variables);
        assertTrue(html.contains("<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;,</p>"), html);
        assertTrue(html.contains("href=\"https://hub.example/p/k?a=1&amp;b=2\""), html);

        // Plain-text parts are not HTML, so they are not escaped.
        assertTrue(liquid.render("email.txt", compiled.text(), variables).startsWith("Hi " + HOSTILE_NAME + ","));
        assertEquals(HOSTILE_NAME + ", your Acme & Co success hub is ready",
                compiled.subject().render(liquid, "en", variables));
    }

    @Test
    void theWelcomePageRendersWithoutOptionalFields() {
        CompiledProgram compiled = CompiledProgram.compile(ProgramParser.parse("welcome", 1, welcomeYaml, welcomeFiles),
                liquid);
        Map<String, Object> variables = RenderModel.of(Map.of("email", "ann@example.com"), Map.of(), "", "welcome",
                "Welcome");

        String page = liquid.render("page.liquid", compiled.page(), variables);

        assertTrue(page.contains("<h1>Welcome, there</h1>"), page);
        assertTrue(page.contains("<p>Your team is on the current plan.</p>"), page);
        assertEquals("Hello, your  success hub is ready", compiled.subject().render(liquid, "en", variables));
    }

    @Test
    void invalidYamlIsReportedWithItsLine() {
        String yaml = "id: welcome\nname: Welcome\n  page: indented\n";

        List<String> problems = problems(yaml);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("program.yaml:3: YAML does not parse: "), problems.get(0));
    }

    @Test
    void yamlThatIsNotAMappingIsRejected() {
        assertEquals(List.of("program.yaml: must be a YAML mapping with id, name, trigger, page and email"),
                problems("- id: welcome\n- name: Welcome\n"));
        assertEquals(List.of("program.yaml: must be a YAML mapping with id, name, trigger, page and email"),
                problems(""));
    }

    @Test
    void unknownKeysAreRejectedAtEveryLevel() {
        String yaml = (welcomeYaml + "owner: cs-ops\n")
                .replace("  text: email.txt", "  text: email.txt\n  cc: boss@example.com")
                .replace("audience:\n", "audience:\n  segment: SMB\n");

        List<String> problems = problems(yaml);

        assertEquals(List.of("program.yaml: unknown key 'owner'", "program.yaml: unknown key 'audience.segment'",
                "program.yaml: unknown key 'email.cc'"), problems);
    }

    @Test
    void anUnknownTriggerIsRejected() {
        List<String> problems = problems(welcomeYaml.replace("on: contact_created", "on: contact_deleted"));

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("program.yaml:5: trigger.on 'contact_deleted' is not a known trigger (one of "),
                problems.get(0));
        assertTrue(problems.get(0).contains(Triggers.CONTACT_CREATED) && problems.get(0).contains(Triggers.MANUAL),
                problems.get(0));
    }

    @Test
    void aMissingTriggerIsRejected() {
        List<String> problems = problems(welcomeYaml.replace("trigger:\n  on: contact_created\n", ""));

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("program.yaml: trigger.on is required"), problems.get(0));
    }

    @Test
    void aPageNamingAMissingFileIsRejected() {
        List<String> problems = problems(welcomeYaml.replace("page: page.liquid", "page: hub.liquid"));

        assertEquals(List.of("program.yaml: page names 'hub.liquid', which is not among the program's files"
                + " [email.liquid, email.txt, page.liquid]"), problems);
    }

    @Test
    void emailFilesMustExistToo() {
        Map<String, String> files = new HashMap<>(welcomeFiles);
        files.remove("email.txt");

        List<String> problems = problems("welcome", welcomeYaml, files);

        assertEquals(List.of("program.yaml: email.text names 'email.txt', which is not among the program's files"
                + " [email.liquid, page.liquid]"), problems);
    }

    @Test
    void anIdThatDoesNotMatchTheRequestIsRejected() {
        List<String> problems = problems("onboarding", welcomeYaml, welcomeFiles);

        assertEquals(List.of("program.yaml: id 'welcome' does not match the program id in the request, 'onboarding'"),
                problems);
    }

    @Test
    void aMalformedIdIsRejected() {
        List<String> problems = problems(null, welcomeYaml.replace("id: welcome", "id: Welcome_Program"), welcomeFiles);

        assertEquals(List.of("program.yaml: id must be lowercase letters, digits and hyphens (at most 63)"), problems);
    }

    @Test
    void everyProblemIsReportedTogether() {
        String yaml = """
                id: welcome
                trigger:
                  on: someday
                page: nope.liquid
                email:
                  html: email.liquid
                """;

        List<String> problems = problems(yaml);

        assertEquals(5, problems.size(), problems::toString);
        assertHasProblem(problems, "program.yaml: name is required");
        assertHasProblem(problems, "program.yaml: email.subject is required");
        assertHasProblem(problems, "program.yaml: email.text is required (the name of a Liquid file beside program.yaml)");
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("program.yaml:3: trigger.on 'someday'")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("program.yaml: page names 'nope.liquid'")),
                problems::toString);
    }

    @Test
    void aLiquidSyntaxErrorInThePageNamesThatFile() {
        Map<String, String> files = new HashMap<>(welcomeFiles);
        files.put("page.liquid", "<h1>Hi</h1>\n<p>{% if contact.first_name %}{{ contact.first_name }}</p>\n");
        Program program = ProgramParser.parse("welcome", 1, welcomeYaml, files);

        ProgramValidationException e = assertThrows(ProgramValidationException.class,
                () -> CompiledProgram.compile(program, liquid));

        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).matches("page\\.liquid:\\d+:\\d+: .+"), e.problems().get(0));
    }

    @Test
    void aSingleSegmentWithoutBracketsIsAProblemNotEveryone() {
        String yaml = welcomeYaml.replace("audience:\n", "audience:\n  segments: SMB\n");
        ProgramValidationException e = assertThrows(ProgramValidationException.class,
                () -> ProgramParser.parse("welcome", 1, yaml, welcomeFiles));
        assertTrue(e.problems().contains("program.yaml: audience.segments must be a list, such as [SMB]"), e.problems()::toString);
    }

    @Test
    void anUnknownTriggerKeyIsAProblem() {
        String yaml = welcomeYaml.replace("  on: contact_created\n", "  on: contact_created\n  days_before: 90\n");
        ProgramValidationException e = assertThrows(ProgramValidationException.class,
                () -> ProgramParser.parse("welcome", 1, yaml, welcomeFiles));
        assertTrue(e.problems().contains("program.yaml:6: unknown key 'trigger.days_before' for trigger contact_created"
                + " (it takes no parameters)"), e.problems()::toString);
    }

    @Test
    void everyTemplateProblemIsReportedTogether() {
        Map<String, String> files = new HashMap<>(welcomeFiles);
        files.put("email.liquid", "line one\n{% endif %}\n");
        files.put("email.txt", "Hi {{ contact.first_name \n");
        String yaml = welcomeYaml
                .replace("{{ account.name }} success hub", "{% for %} success hub")
                .replace("when: 'contact.email != empty and account.lifecycle != \"prospect\"'", "when: 'contact.email =='");
        Program program = ProgramParser.parse("welcome", 1, yaml, files);

        ProgramValidationException e = assertThrows(ProgramValidationException.class,
                () -> CompiledProgram.compile(program, liquid));

        List<String> problems = e.problems();
        assertEquals(4, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("program.yaml:11 (email.subject):1:"), problems.get(0));
        assertTrue(problems.get(1).startsWith("email.liquid:2:"), problems.get(1));
        assertTrue(problems.get(2).startsWith("email.txt:"), problems.get(2));
        assertTrue(problems.get(3).startsWith("program.yaml:8 (audience.when):1:"), problems.get(3));
    }
}
