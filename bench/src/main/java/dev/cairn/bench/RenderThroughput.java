package dev.cairn.bench;

import dev.cairn.json.Json;
import dev.cairn.program.Program;
import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child process of the render figure: renders a program's hub page for every sample contact, over and over, on one
 * thread, as RenderService does for one contact (render model, then page). Prints the pages per second of each
 * timed round as JSON, after a warm-up; writes the pages of one pass for the comparison of outputs.
 *
 * <p>Arguments: program folder, data folder, pages output file, warm-up seconds, rounds, seconds per round.
 */
public final class RenderThroughput {

    private RenderThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path programFolder = Path.of(args[0]);
        Path dataFolder = Path.of(args[1]);
        Path pagesOut = Path.of(args[2]);
        double warmUpSeconds = Double.parseDouble(args[3]);
        int rounds = Integer.parseInt(args[4]);
        double roundSeconds = Double.parseDouble(args[5]);

        LiquidEngine liquid = new LiquidEngine();
        CompiledProgram compiled = RenderInputs.program(programFolder, liquid);
        List<RenderInputs.Recipient> recipients = RenderInputs.recipients(dataFolder);

        List<String> pages = new ArrayList<>();
        for (RenderInputs.Recipient recipient : recipients) {
            pages.add(renderPage(liquid, compiled, recipient));
        }
        Files.writeString(pagesOut, Json.write(pages));

        pagesPerSecond(liquid, compiled, recipients, warmUpSeconds);
        List<Double> perRound = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            perRound.add(pagesPerSecond(liquid, compiled, recipients, roundSeconds));
        }
        System.out.println(Json.write(Map.of("pagesPerSecond", perRound)));
    }

    private static double pagesPerSecond(LiquidEngine liquid, CompiledProgram compiled,
                                         List<RenderInputs.Recipient> recipients, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long pages = 0;
        long length = 0;
        long now;
        do {
            for (RenderInputs.Recipient recipient : recipients) {
                length += renderPage(liquid, compiled, recipient).length();
            }
            pages += recipients.size();
            now = System.nanoTime();
        } while (now < end);
        if (length == 0) {
            throw new IllegalStateException("every page rendered empty");
        }
        return pages / ((now - start) / 1e9);
    }

    private static String renderPage(LiquidEngine liquid, CompiledProgram compiled, RenderInputs.Recipient recipient) {
        Program program = compiled.program();
        return liquid.render(program.pageFile(), compiled.page(), RenderInputs.variables(recipient, program));
    }
}
