package dev.cairn.render;

import dev.cairn.program.Program;
import dev.cairn.program.ProgramValidationException;
import java.util.ArrayList;
import java.util.List;
import liqp.Template;

/** A program version with its templates parsed once, ready to render for many contacts. */
public record CompiledProgram(Program program, Template page, Template subject, Template html, Template text,
                              Template audience) {

    public static CompiledProgram compile(Program program, LiquidEngine liquid) {
        List<String> problems = new ArrayList<>();
        Template page = compile(liquid, program.pageFile(), program.files().get(program.pageFile()), problems);
        Template subject = compileText(liquid, "program.yaml (email.subject)", program.emailSubject(), problems);
        Template html = compile(liquid, program.emailHtmlFile(), program.files().get(program.emailHtmlFile()), problems);
        Template text = compileText(liquid, program.emailTextFile(), program.files().get(program.emailTextFile()), problems);
        Template audience = null;
        if (program.audienceWhen() != null) {
            try {
                audience = liquid.compileCondition("program.yaml (audience.when)", program.audienceWhen());
            } catch (LiquidEngine.TemplateSyntaxException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ProgramValidationException(problems);
        }
        return new CompiledProgram(program, page, subject, html, text, audience);
    }

    private static Template compileText(LiquidEngine liquid, String file, String source, List<String> problems) {
        try {
            return liquid.compileText(file, source);
        } catch (LiquidEngine.TemplateSyntaxException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static Template compile(LiquidEngine liquid, String file, String source, List<String> problems) {
        try {
            return liquid.compile(file, source);
        } catch (LiquidEngine.TemplateSyntaxException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
