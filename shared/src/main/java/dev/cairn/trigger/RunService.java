package dev.cairn.trigger;

import dev.cairn.aws.QueueSender;
import dev.cairn.pipeline.AudiencePage;
import dev.cairn.store.Keys;
import dev.cairn.store.ProgramStore;
import dev.cairn.store.RunStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a run of a program over its audience: records the run, then fans the audience out through the
 * evaluation queue, one message per audience shard (or per hundred listed contacts), each page queuing the next.
 */
public final class RunService {

    private final ProgramStore programs;
    private final RunStore runs;
    private final QueueSender queue;
    private final String evaluateQueueUrl;
    private final Clock clock;

    public RunService(ProgramStore programs, RunStore runs, QueueSender queue, String evaluateQueueUrl, Clock clock) {
        this.programs = programs;
        this.runs = runs;
        this.queue = queue;
        this.evaluateQueueUrl = evaluateQueueUrl;
        this.clock = clock;
    }

    /**
     * Starts the run with this id unless it exists (a schedule firing twice starts one run). With contact ids, the
     * run visits only them; otherwise every contact. Empty when the program does not exist.
     */
    public Optional<RunStore.Run> start(String runId, String programId, List<String> contactIds, boolean dryRun,
                                        String startedBy) {
        Optional<ProgramStore.ProgramSummary> program = programs.summary(programId);
        if (program.isEmpty()) {
            return Optional.empty();
        }
        int version = program.get().currentVersion();
        RunStore.Run run = new RunStore.Run(runId, programId, version, startedBy, dryRun, clock.instant().toString(),
                java.util.Map.of());
        if (!runs.create(run)) {
            return runs.get(runId);
        }
        List<String> pages = new ArrayList<>();
        if (contactIds != null) {
            for (int start = 0; start < contactIds.size(); start += EvaluateService.PAGE_SIZE) {
                pages.add(new AudiencePage(AudiencePage.RUN, runId, programId, version, dryRun, 0, null,
                        List.copyOf(contactIds.subList(start, Math.min(contactIds.size(), start + EvaluateService.PAGE_SIZE))),
                        null, run.createdAt()).toJson());
            }
        } else {
            for (int shard = 0; shard < Keys.AUDIENCE_SHARDS; shard++) {
                pages.add(new AudiencePage(AudiencePage.RUN, runId, programId, version, dryRun, shard, null, null, null, run.createdAt()).toJson());
            }
        }
        queue.send(evaluateQueueUrl, pages);
        return Optional.of(run);
    }
}
