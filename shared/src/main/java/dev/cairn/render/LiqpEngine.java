package dev.cairn.render;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import liqp.Template;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.filters.Filter;
import liqp.nodes.FilterNode;
import liqp.nodes.LNode;
import liqp.nodes.OutputNode;
import liqp.parser.v4.NodeVisitor;
import liqp.spi.BasicTypesSupport;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liquid.parser.v4.LiquidParser;

/**
 * liqp, for the templates {@link CoreLiquid} does not render: Cairn's filters, its limits, strict errors, no
 * include, and {@code escape} appended to every output of an HTML template. Only {@link LiquidEngine} uses it, and
 * only when a template needs it, so that a function whose templates are all in the core never loads liqp (a few
 * hundred ms of CPU in a fresh JVM: its static parsers, Jackson's time module, ANTLR's tables).
 */
final class LiqpEngine {

    /** liqp's parser with Cairn's filters, built on first use (by {@link #warmUp()} before a SnapStart snapshot). */
    private final FutureTask<TemplateParser> parser = new FutureTask<>(LiqpEngine::warmParser);

    private static TemplateParser newParser() {
        return new TemplateParser.Builder()
                .withMaxIterations(LiquidEngine.MAX_ITERATIONS)
                .withMaxSizeRenderedString(LiquidEngine.MAX_OUTPUT_CHARS)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withNameResolver(name -> {
                    throw new java.io.IOException("include is not available: programs use snippets instead");
                })
                .withFilter(new CairnFilter("raw", LiquidFilters.RAW))
                .withFilter(new CairnFilter("escape", LiquidFilters.ESCAPE))
                .withFilter(new CairnFilter("safe_url", LiquidFilters.SAFE_URL))
                .withFilter(new CairnFilter("format_number", LiquidFilters.FORMAT_NUMBER))
                .withFilter(new CairnFilter("format_percent", LiquidFilters.FORMAT_PERCENT))
                .withFilter(new CairnFilter("format_currency", LiquidFilters.FORMAT_CURRENCY))
                .withFilter(new CairnFilter("format_date", LiquidFilters.FORMAT_DATE))
                .build();
    }

    /**
     * Tags, expressions and filters as templates commonly use them: parsing one fills ANTLR's prediction caches for
     * them and rendering it loads liqp's rendering, so that a first real template compiles and renders faster.
     */
    private static final String WARM_UP = "{% assign n = 2 %}{% for x in xs limit: n %}{% if x.a == 'b' and x.c > 0"
            + " or x.d %}{{ x.e | default: \"f\" | escape }}{% elsif x.g contains 'h' %}{{ x.i | size }}{% else %}-"
            + "{% endif %}{% endfor %}";

    /** A new parser that has parsed, visited and rendered a small template, so that liqp is loaded. */
    private static TemplateParser warmParser() {
        TemplateParser parser = newParser();
        nodeVisitor(parser).visit(parser.parse(WARM_UP).getParseTree())
                .render(new TemplateContext(parser, Map.of("xs", List.of(Map.of("a", "b", "c", 1, "e", "e")))));
        return parser;
    }

    /** Builds the parser now unless it is built already. */
    void warmUp() {
        parser();
    }

    private TemplateParser parser() {
        parser.run(); // Does nothing once the parser is built, or while another thread builds it (then get waits).
        try {
            return parser.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building liqp's parser", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("building liqp's parser failed", e.getCause());
        }
    }

    /** liqp's node tree of a template (HTML: every output escaped unless its last filter is raw or escape). */
    LNode compile(String file, String source, boolean html) {
        TemplateParser parser = parser();
        Template template = parse(parser, file, source);
        rejectUnknownFilters(parser, file, template.getParseTree());
        return nodes(file, template, html ? new EscapingNodeVisitor(parser) : nodeVisitor(parser));
    }

    /**
     * What liqp's {@code Template.render} does (lazy evaluation, no render time limit, no environment configurator,
     * no include), on the node tree built at compile time.
     */
    String render(String file, LNode root, Map<String, Object> variables) {
        try {
            BasicTypesSupport.clearReferences();
            TemplateParser parser = parser();
            TemplateContext context = new TemplateContext(parser, variables);
            Object rendered = root.render(context);
            return parser.getRenderTransformer().transformObject(context, rendered).toString();
        } catch (LiquidException e) {
            throw new LiquidEngine.RenderException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new LiquidEngine.RenderException(file + ": " + LiquidEngine.describe(e), e);
        }
    }

    /** liqp looks filters up only when rendering; an unknown one would fail every contact's render. */
    private static void rejectUnknownFilters(TemplateParser parser, String file, ParseTree node) {
        if (node instanceof LiquidParser.FilterContext filter && filter.Id() != null
                && parser.filters.get(filter.Id().getText()) == null) {
            throw new LiquidEngine.TemplateSyntaxException(file + ":" + filter.Id().getSymbol().getLine()
                    + ": unknown filter '" + filter.Id().getText() + "'");
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            rejectUnknownFilters(parser, file, node.getChild(i));
        }
    }

    private static NodeVisitor nodeVisitor(TemplateParser parser) {
        return new NodeVisitor(parser.insertions, parser.filters, parser.liquidStyleInclude);
    }

    /** liqp's node tree of a parsed template: what liqp would otherwise build again on every render. */
    private static LNode nodes(String file, Template template, NodeVisitor visitor) {
        try {
            return visitor.visit(template.getParseTree());
        } catch (LiquidException e) {
            throw new LiquidEngine.TemplateSyntaxException(file + ":" + e.line + ":" + (e.charPositionInLine + 1)
                    + ": " + LiquidEngine.firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new LiquidEngine.TemplateSyntaxException(file + ": " + LiquidEngine.describe(e));
        }
    }

    private static Template parse(TemplateParser parser, String file, String source) {
        try {
            Template template = parser.parse(source);
            if (!template.errors().isEmpty()) {
                throw new LiquidEngine.TemplateSyntaxException(file + ": " + template.errors().get(0).getMessage());
            }
            return template;
        } catch (LiquidException e) {
            throw new LiquidEngine.TemplateSyntaxException(file + ":" + e.line + ":" + (e.charPositionInLine + 1)
                    + ": " + LiquidEngine.firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new LiquidEngine.TemplateSyntaxException(file + ": " + LiquidEngine.describe(e));
        }
    }

    /**
     * liqp's node tree with {@code escape} appended to every output tag whose last filter is not raw or escape, as
     * if the author had written it there: the template is parsed once, as written.
     */
    private static final class EscapingNodeVisitor extends NodeVisitor {
        private final Filter escape;

        EscapingNodeVisitor(TemplateParser parser) {
            super(parser.insertions, parser.filters, parser.liquidStyleInclude);
            this.escape = parser.filters.get("escape");
        }

        @Override
        public LNode visitOutput(LiquidParser.OutputContext ctx) {
            OutputNode node = (OutputNode) super.visitOutput(ctx);
            List<LiquidParser.FilterContext> filters = ctx.filter();
            String last = filters.isEmpty() ? "" : filters.get(filters.size() - 1).Id().getText();
            if (!last.equals("raw") && !last.equals("escape")) {
                node.addFilter(new FilterNode(ctx, escape));
            }
            return node;
        }
    }

    /** One of Cairn's filters ({@link LiquidFilters}) in liqp, reading variables from liqp's context. */
    private static final class CairnFilter extends Filter {
        private final LiquidFilters.Filter filter;

        CairnFilter(String name, LiquidFilters.Filter filter) {
            super(name);
            this.filter = filter;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return filter.apply(value, params, context::get, item -> asString(item, context));
        }
    }
}
