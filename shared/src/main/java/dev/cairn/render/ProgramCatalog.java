package dev.cairn.render;

import dev.cairn.program.Program;
import dev.cairn.store.ProgramStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Compiled program versions, parsed once per version for the life of the execution environment. */
public final class ProgramCatalog {

    private final ProgramStore store;
    private final LiquidEngine liquid;
    private final Map<String, CompiledProgram> compiled = new ConcurrentHashMap<>();

    public ProgramCatalog(ProgramStore store, LiquidEngine liquid) {
        this.store = store;
        this.liquid = liquid;
    }

    /** A version is immutable once stored, so a cached copy never goes stale. */
    public Optional<CompiledProgram> get(String programId, int version) {
        String key = programId + "#" + version;
        CompiledProgram cached = compiled.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Program> program = store.load(programId, version);
        program.ifPresent(p -> compiled.put(key, CompiledProgram.compile(p, liquid)));
        return Optional.ofNullable(compiled.get(key));
    }
}
