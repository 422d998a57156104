package dev.cairn.bench.simulatedcrac;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The global context, and a checkpoint that notifies every registered resource without taking a snapshot. */
public final class Core {

    private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();

    private static final Context<Resource> GLOBAL = new Context<>() {
        @Override
        public void register(Resource resource) {
            REGISTERED.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            List<Resource> resources = registered();
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).beforeCheckpoint(this);
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            for (Resource resource : registered()) {
                resource.afterRestore(this);
            }
        }
    };

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** Like CRaC: beforeCheckpoint in reverse order of registration, then afterRestore in order. */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(null);
        } catch (Exception e) {
            CheckpointException failure = new CheckpointException();
            failure.addSuppressed(e);
            throw failure;
        }
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            RestoreException failure = new RestoreException();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    public static List<Resource> registered() {
        return List.copyOf(REGISTERED);
    }
}
