package dev.cairn.bench.simulatedcrac;

/** Where resources register; org.crac calls {@link #register} reflectively. */
public abstract class Context<R extends Resource> implements Resource {

    public abstract void register(R resource);
}
