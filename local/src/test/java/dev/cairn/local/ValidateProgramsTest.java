package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `make validate`: the API's checks, offline, on a folder of programs, with file:line problems and an exit code. */
class ValidateProgramsTest {

    @Test
    void everyExampleProgramIsValid() throws Exception {
        Run run = validate(Path.of("examples/programs"));
        assertEquals(0, run.status(), run.output());
        for (String program : new String[] {"welcome", "qbr", "renewal", "usage-drop", "executive-summary", "preboarding"}) {
            assertTrue(run.output().contains("examples/programs/" + program + ": ok"), run.output());
        }
    }

    @Test
    void problemsNameTheFolderFileAndLineAndFailTheRun(@TempDir Path folder) throws Exception {
        Path badYaml = Files.createDirectories(folder.resolve("bad-yaml"));
        Files.writeString(badYaml.resolve("program.yaml"), """
                id: bad-yaml
                name: Bad
                trigger:
                  on: contact_created
                scenes:
                  - type: pie_chart
                email:
                  subject: Hi
                  html: email.liquid
                  text: email.txt
                """);
        Files.writeString(badYaml.resolve("email.liquid"), "<p>hi</p>");
        Files.writeString(badYaml.resolve("email.txt"), "hi");
        Path badTemplate = Files.createDirectories(folder.resolve("bad-template"));
        Files.writeString(badTemplate.resolve("program.yaml"), """
                id: bad-template
                name: Bad
                trigger:
                  on: contact_created
                page: page.liquid
                email:
                  subject: Hi
                  html: email.liquid
                  text: email.txt
                """);
        Files.writeString(badTemplate.resolve("page.liquid"), "<h1>Hi</h1>\n<p>{{ contact.first_name </p>\n");
        Files.writeString(badTemplate.resolve("email.liquid"), "<p>hi</p>");
        Files.writeString(badTemplate.resolve("email.txt"), "hi");
        Path good = Files.createDirectories(folder.resolve("good"));
        for (String file : new String[] {"program.yaml", "page.liquid", "email.liquid", "email.txt"}) {
            Files.copy(Path.of("examples/programs/welcome").resolve(file), good.resolve(file));
        }
        Files.writeString(good.resolve("program.yaml"),
                Files.readString(good.resolve("program.yaml")).replace("id: welcome", "id: good"));

        Run run = validate(folder);

        String printed = run.output();
        assertEquals(1, run.status(), printed);
        assertTrue(printed.contains(badYaml + "/program.yaml:6: scene 1: unknown scene type 'pie_chart'"), printed);
        assertTrue(printed.contains(badTemplate + "/page.liquid:2:"), printed);
        assertTrue(printed.contains(good + ": ok"), printed);
        assertTrue(printed.contains("3 program(s), 2 with problems"), printed);
    }

    @Test
    void aFolderWithoutProgramsIsAnError(@TempDir Path folder) throws Exception {
        Run run = validate(folder);
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("no program.yaml"), run.output());
    }

    private record Run(int status, String output) {
    }

    private static Run validate(Path folder) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = ValidatePrograms.run(folder, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }
}
