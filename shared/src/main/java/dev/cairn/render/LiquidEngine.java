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
 * Liquid for program authors, made safe for customer data. Every output tag is HTML-escaped unless its last
 * filter is {@code raw} (program text may opt out; customer data never needs to). {@code include} cannot read
 * files, loops and output size are bounded, and a template that does not parse is reported with its file, line
 * and column. A compiled {@link LiquidTemplate} must not be rendered from two threads at once.
 */
public final class LiquidEngine {

    public static final int MAX_ITERATIONS = 20_000;
    public static final int MAX_OUTPUT_CHARS = 2_000_000;

    /**
     * liqp's parser with Cairn's filters, built on first use, by {@link #warmUp()} before a SnapStart snapshot, or
     * from the start on a thread of its own ({@link #warmingUp()}): building it and loading liqp take a few hundred
     * ms of CPU in a fresh JVM, which a function that never compiles a template (scheduler) should not pay.
     */
    private final FutureTask<TemplateParser> parser = new FutureTask<>(LiquidEngine::warmParser);

    private static TemplateParser newParser() {
        return new TemplateParser.Builder()
                .withMaxIterations(MAX_ITERATIONS)
                .withMaxSizeRenderedString(MAX_OUTPUT_CHARS)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withNameResolver(name -> {
                    throw new java.io.IOException("include is not available: programs use snippets instead");
                })
                .withFilter(new RawFilter())
                .withFilter(new EscapeFilter())
                .withFilter(new SafeUrlFilter())
                .withFilter(new LocaleFilter("format_number",
                        (value, params, c) -> LocaleFormat.number(value, locale(c), params.length > 0 ? intParam(params[0]) : 2)))
                .withFilter(new LocaleFilter("format_percent", (value, params, c) -> LocaleFormat.percent(value, locale(c))))
                .withFilter(new LocaleFilter("format_currency", (value, params, c) -> LocaleFormat.currency(value,
                        params.length > 0 ? String.valueOf(params[0]) : currencyOf(c), locale(c))))
                .withFilter(new LocaleFilter("format_date", (value, params, c) -> LocaleFormat.date(value,
                        params.length > 0 ? String.valueOf(params[0]) : null, locale(c), LocaleFormat.zone(c.get(TIMEZONE)))))
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

    /** Builds the parser now unless it is built already: SnapStart priming puts liqp in the snapshot. */
    public void warmUp() {
        parser();
    }

    /**
     * An engine whose parser is being built on a daemon thread: a function that compiles on its first invocation
     * (render) starts it before building its SDK clients, so that loading liqp overlaps with them and with the first
     * requests instead of following them. The first compile waits for it.
     */
    public static LiquidEngine warmingUp() {
        LiquidEngine engine = new LiquidEngine();
        Thread builder = new Thread(engine.parser, "liqp-warm-up");
        builder.setDaemon(true);
        builder.start();
        return engine;
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

    /** The variables the formatting filters read: the contact's locale (BCP 47) and time zone (IANA). */
    public static final String LOCALE = "locale";
    public static final String TIMEZONE = "timezone";

    /** Thrown when a template does not parse; the message names file, line and column. */
    public static final class TemplateSyntaxException extends RuntimeException {
        public TemplateSyntaxException(String message) {
            super(message);
        }
    }

    /** Thrown when a template fails while rendering for one contact (a limit, a bad filter argument, ...). */
    public static final class RenderException extends RuntimeException {
        public RenderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Compiles a template whose output tags escape HTML by default. */
    public LiquidTemplate compile(String file, String source) {
        rejectFileTags(file, source);
        TemplateParser parser = parser();
        Template template = parse(parser, file, source);
        rejectUnknownFilters(parser, file, template.getParseTree());
        return nodes(file, template, new EscapingNodeVisitor(parser));
    }

    /** Compiles a template for plain text (an email subject or text part), where HTML escaping does not apply. */
    public LiquidTemplate compileText(String file, String source) {
        rejectFileTags(file, source);
        TemplateParser parser = parser();
        Template template = parse(parser, file, source);
        rejectUnknownFilters(parser, file, template.getParseTree());
        return nodes(file, template, nodeVisitor(parser));
    }

    /**
     * What liqp's {@code Template.render} does (lazy evaluation, no render time limit, no environment configurator,
     * no include), on the node tree built at compile time.
     */
    public String render(String file, LiquidTemplate template, Map<String, Object> variables) {
        try {
            BasicTypesSupport.clearReferences();
            TemplateParser parser = parser();
            TemplateContext context = new TemplateContext(parser, variables);
            Object rendered = template.root().render(context);
            return parser.getRenderTransformer().transformObject(context, rendered).toString();
        } catch (LiquidException e) {
            throw new RenderException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RenderException(file + ": " + describe(e), e);
        }
    }

    /** liqp resolves include only when rendering; refusing it here makes an upload fail, not every contact's render. */
    private static void rejectFileTags(String file, String source) {
        java.util.regex.Matcher tag = FILE_TAG.matcher(source);
        if (tag.find()) {
            int line = 1 + (int) source.substring(0, tag.start()).chars().filter(c -> c == '\n').count();
            throw new TemplateSyntaxException(file + ":" + line + ": '" + tag.group(1)
                    + "' is not available in programs: templates cannot read other files");
        }
    }

    /** liqp looks filters up only when rendering; an unknown one would fail every contact's render. */
    private static void rejectUnknownFilters(TemplateParser parser, String file, ParseTree node) {
        if (node instanceof LiquidParser.FilterContext filter && filter.Id() != null
                && parser.filters.get(filter.Id().getText()) == null) {
            throw new TemplateSyntaxException(file + ":" + filter.Id().getSymbol().getLine() + ": unknown filter '"
                    + filter.Id().getText() + "'");
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            rejectUnknownFilters(parser, file, node.getChild(i));
        }
    }

    private static final java.util.regex.Pattern FILE_TAG = java.util.regex.Pattern.compile("\\{%-?\\s*(include|render|include_relative)\\b");

    private static NodeVisitor nodeVisitor(TemplateParser parser) {
        return new NodeVisitor(parser.insertions, parser.filters, parser.liquidStyleInclude);
    }

    /** liqp's node tree of a parsed template: what liqp would otherwise build again on every render. */
    private static LiquidTemplate nodes(String file, Template template, NodeVisitor visitor) {
        try {
            return new LiquidTemplate(visitor.visit(template.getParseTree()));
        } catch (LiquidException e) {
            throw new TemplateSyntaxException(file + ":" + e.line + ":" + (e.charPositionInLine + 1) + ": "
                    + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new TemplateSyntaxException(file + ": " + describe(e));
        }
    }

    private static Template parse(TemplateParser parser, String file, String source) {
        try {
            Template template = parser.parse(source);
            if (!template.errors().isEmpty()) {
                throw new TemplateSyntaxException(file + ": " + template.errors().get(0).getMessage());
            }
            return template;
        } catch (LiquidException e) {
            throw new TemplateSyntaxException(file + ":" + e.line + ":" + (e.charPositionInLine + 1) + ": "
                    + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new TemplateSyntaxException(file + ": " + describe(e));
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

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Liquid's {@code escape}, including the single quote: liqp's own filter leaves {@code '} as it is, so a value
     * inside a single-quoted attribute ({@code title='{{ contact.first_name }}'}) could close the attribute.
     */
    static final class EscapeFilter extends Filter {
        EscapeFilter() {
            super("escape");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            if (value instanceof SafeHtml safe) {
                return safe.html();
            }
            return asString(value, context).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;").replace("'", "&#39;");
        }
    }

    private static java.util.Locale locale(TemplateContext context) {
        return LocaleFormat.locale(context.get(LOCALE));
    }

    private static String currencyOf(TemplateContext context) {
        return context.get("account") instanceof Map<?, ?> account && account.get("currency") != null
                ? account.get("currency").toString() : "USD";
    }

    private static int intParam(Object param) {
        java.math.BigDecimal number = LocaleFormat.decimal(param);
        return number == null ? 2 : Math.max(0, Math.min(6, number.intValue()));
    }

    /** A filter that formats for the contact's locale and time zone. */
    static final class LocaleFilter extends Filter {
        interface Format {
            String apply(Object value, Object[] params, TemplateContext context);
        }

        private final Format format;

        LocaleFilter(String name, Format format) {
            super(name);
            this.format = format;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return format.apply(value, params, context);
        }
    }

    /**
     * A URL for an href: kept when it is http, https or mailto, else {@code #}, so that {@code javascript:} or
     * {@code data:} from customer data cannot run. The automatic escape still applies after it.
     */
    static final class SafeUrlFilter extends Filter {
        private static final java.util.regex.Pattern ALLOWED = java.util.regex.Pattern.compile(
                "^(https?://|mailto:)[^\\s\\x00-\\x1f]*$", java.util.regex.Pattern.CASE_INSENSITIVE);

        SafeUrlFilter() {
            super("safe_url");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return safeUrl(value == null ? "" : value.toString());
        }
    }

    public static String safeUrl(String url) {
        String trimmed = url.strip();
        return SafeUrlFilter.ALLOWED.matcher(trimmed).matches() ? trimmed : "#";
    }

    /** Marks program-authored HTML that must not be escaped. */
    static final class RawFilter extends Filter {
        RawFilter() {
            super("raw");
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return value;
        }
    }
}
