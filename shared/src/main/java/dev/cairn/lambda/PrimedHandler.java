package dev.cairn.lambda;

import dev.cairn.Cairn;
import org.crac.Resource;

/**
 * Base of every handler: SnapStart priming makes one harmless call before the snapshot (see {@link Priming}).
 * The no-argument constructor of a subclass registers it with {@link Priming#register}.
 */
public abstract class PrimedHandler implements Resource {

    private final Cairn cairn;

    protected PrimedHandler(Cairn cairn) {
        this.cairn = cairn;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.prime(cairn);
        prime();
    }

    /** What the handler's own work loads before the snapshot, beyond the SDK client; makes no request. */
    protected void prime() {
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients resolve credentials and connections on use.
    }
}
