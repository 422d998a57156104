package dev.cairn.bench.simulatedcrac;

/** A resource notified around a checkpoint; org.crac registers a proxy of this for each {@code org.crac.Resource}. */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
