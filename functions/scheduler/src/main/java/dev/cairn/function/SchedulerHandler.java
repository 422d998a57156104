package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import dev.cairn.Cairn;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.PrimedHandler;
import dev.cairn.trigger.SchedulerService;

/**
 * Runs on an EventBridge schedule: starts due scheduled runs, sweeps date triggers once a day and releases
 * parked emails. A failure throws, so EventBridge retries the tick; every step is safe to repeat.
 */
public final class SchedulerHandler extends PrimedHandler
        implements RequestHandler<Map<String, Object>, String> {

    private final SchedulerService scheduler;

    public SchedulerHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public SchedulerHandler(Cairn cairn) {
        super(cairn);
        this.scheduler = cairn.schedulerService();
    }

    @Override
    /** The tick's EventBridge event carries nothing the scheduler needs: time comes from the clock. */
    public String handleRequest(Map<String, Object> event, Context context) {
        SchedulerService.Tick tick = scheduler.tick();
        Log.info("scheduler", "tick", "runsStarted", tick.runsStarted().size(), "swept", tick.swept(),
                "released", tick.released());
        return "runs started: " + tick.runsStarted().size() + ", swept: " + tick.swept() + ", released: " + tick.released();
    }
}
