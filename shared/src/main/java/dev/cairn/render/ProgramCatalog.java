package dev.cairn.render;

import dev.cairn.program.Condition;
import dev.cairn.program.Program;
import dev.cairn.program.ProgramValidationException;
import dev.cairn.store.ProgramStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Program versions for the life of the execution environment, each parsed once, and compiled once as far as a
 * function needs: deciding triggers and schedules needs no template, evaluating an audience its condition alone
 * (no Liquid engine), rendering every template. A version is immutable once stored, so a cached copy never goes stale.
 */
public final class ProgramCatalog {

    private final ProgramStore store;
    private final LiquidEngine liquid;
    private final Map<String, Program> programs = new ConcurrentHashMap<>();
    private final Map<String, CompiledProgram> compiled = new ConcurrentHashMap<>();
    private final Map<String, Optional<Condition>> audiences = new ConcurrentHashMap<>();

    /** For a function that renders: {@link #get} compiles with this engine. */
    public ProgramCatalog(ProgramStore store, LiquidEngine liquid) {
        this.store = store;
        this.liquid = liquid;
    }

    /** For a function that never renders (evaluate, scheduler): {@link #get} is not available. */
    public ProgramCatalog(ProgramStore store) {
        this(store, null);
    }

    /** The version's settings, without compiling any template. */
    public Optional<Program> program(String programId, int version) {
        String key = key(programId, version);
        Program cached = programs.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Program> program = store.load(programId, version);
        program.ifPresent(p -> programs.put(key, p));
        return program;
    }

    /**
     * The keys of the versions (program id, version) not read yet: render reads them with its contacts, in the same
     * requests, and gives the items to {@link #read}. A version not found there (those reads are eventually
     * consistent) is read on its own, consistently, by {@link #get}.
     */
    public List<Map<String, AttributeValue>> unreadKeys(List<Map.Entry<String, Integer>> versions) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map.Entry<String, Integer> version : versions) {
            if (programs.containsKey(key(version.getKey(), version.getValue()))) {
                continue;
            }
            Map<String, AttributeValue> versionKey = ProgramStore.versionKey(version.getKey(), version.getValue());
            if (!keys.contains(versionKey)) {
                keys.add(versionKey);
            }
        }
        return keys;
    }

    /** Keeps versions read with other items. */
    public void read(List<Map<String, AttributeValue>> versionItems) {
        for (Map<String, AttributeValue> item : versionItems) {
            Program program = ProgramStore.fromItem(item);
            programs.putIfAbsent(key(program.id(), program.version()), program);
        }
    }

    /** The version with every template compiled: what rendering needs. */
    public Optional<CompiledProgram> get(String programId, int version) {
        String key = key(programId, version);
        CompiledProgram cached = compiled.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (liquid == null) {
            throw new IllegalStateException("this catalog has no Liquid engine to compile templates with");
        }
        program(programId, version).ifPresent(p -> compiled.put(key, CompiledProgram.compile(p, liquid)));
        return Optional.ofNullable(compiled.get(key));
    }

    /** The program's audience condition parsed alone, empty when it has none. */
    public Optional<Condition> audience(Program program) {
        if (program.audienceWhen() == null) {
            return Optional.empty();
        }
        String key = key(program.id(), program.version());
        Optional<Condition> cached = audiences.get(key);
        if (cached != null) {
            return cached;
        }
        // A stored version passed upload validation; should it not parse now, it fails as compiling it would.
        List<String> problems = new ArrayList<>();
        Optional<Condition> audience = Optional.of(Condition.at(program.lines(), "/audience/when", "audience.when",
                program.audienceWhen(), problems));
        if (!problems.isEmpty()) {
            throw new ProgramValidationException(problems);
        }
        audiences.put(key, audience);
        return audience;
    }

    private static String key(String programId, int version) {
        return programId + "#" + version;
    }
}
