package dev.cairn.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.json.Json;
import dev.cairn.program.Program;
import dev.cairn.program.ProgramParser;
import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.RenderModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the render benchmark renders: one program folder (as uploaded: program.yaml and its files) for every sample
 * contact of examples/data with its account. Cairn and LiquidJS see the same values: the render models built here.
 */
final class RenderInputs {

    /** A contact with its account and hub link, as RenderService has them before it builds the render model. */
    record Recipient(Map<String, Object> contact, Map<String, Object> account, String hubUrl) {
    }

    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
    };

    private RenderInputs() {
    }

    static CompiledProgram program(Path folder, LiquidEngine liquid) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String yaml = files.remove(Program.PROGRAM_FILE);
        Program program = ProgramParser.parse(folder.getFileName().toString(), 1, yaml, files);
        return CompiledProgram.compile(program, liquid);
    }

    static List<Recipient> recipients(Path dataFolder) {
        Map<Object, Map<String, Object>> accounts = read(dataFolder.resolve("accounts.json")).stream()
                .collect(Collectors.toMap(a -> a.get("account_id"), Function.identity()));
        List<Recipient> recipients = new ArrayList<>();
        for (Map<String, Object> contact : read(dataFolder.resolve("contacts.json"))) {
            recipients.add(new Recipient(contact, accounts.getOrDefault(contact.get("account_id"), Map.of()),
                    "https://hub.example/h/" + contact.get("contact_id") + ".html"));
        }
        return recipients;
    }

    static Map<String, Object> variables(Recipient recipient, Program program) {
        return RenderModel.of(recipient.contact(), recipient.account(), recipient.hubUrl(), program.id(), program.name());
    }

    private static List<Map<String, Object>> read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), ROWS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
