package dev.cairn.render;

import java.util.Map;

/**
 * Liquid for program authors, made safe for customer data. Every output tag is HTML-escaped unless its last
 * filter is {@code raw} (program text may opt out; customer data never needs to). {@code include} cannot read
 * files, loops and output size are bounded, and a template that does not parse is reported with its file, line
 * and column.
 *
 * <p>Two engines, one meaning: {@link CoreLiquid} renders the templates (and values) it covers, which are Cairn's
 * own and most programs', without loading liqp; liqp 0.9.2.3 ({@link LiqpEngine}) renders the rest and reports
 * every syntax error. A function whose templates are all in the core never loads liqp.
 */
public final class LiquidEngine {

    public static final int MAX_ITERATIONS = 20_000;
    public static final int MAX_OUTPUT_CHARS = 2_000_000;

    /** The variables the formatting filters read: the contact's locale (BCP 47) and time zone (IANA). */
    public static final String LOCALE = "locale";
    public static final String TIMEZONE = "timezone";

    private final boolean core;
    private volatile LiqpEngine liqp;

    public LiquidEngine() {
        this(true);
    }

    private LiquidEngine(boolean core) {
        this.core = core;
    }

    /** An engine that compiles every template with liqp: the reference the core is checked against, in tests. */
    public static LiquidEngine liqpOnly() {
        return new LiquidEngine(false);
    }

    /**
     * Loads the core's rendering and liqp now (SnapStart priming), so that after a restore a first template, in the
     * core or not, compiles and renders at once.
     */
    public void warmUp() {
        CoreLiquid.compile(WARM_UP, true).render(Map.of("xs", java.util.List.of(Map.of("a", "b", "e", "<e>"))));
        liqp().warmUp();
    }

    private static final String WARM_UP = "{% for x in xs %}{% if x.a == 'b' %}{{ x.e | default: 'f' }}{% else %}"
            + "{{ x.g | raw }}{% endif %}{% endfor %}";

    /** liqp, created on first need: creating it loads none of liqp's classes until it compiles or renders. */
    LiqpEngine liqp() {
        LiqpEngine engine = liqp;
        if (engine == null) {
            synchronized (this) {
                engine = liqp;
                if (engine == null) {
                    engine = new LiqpEngine();
                    liqp = engine;
                }
            }
        }
        return engine;
    }

    /** Whether this engine has needed liqp so far. */
    boolean liqpLoaded() {
        return liqp != null;
    }

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
        return compile(file, source, true);
    }

    /** Compiles a template for plain text (an email subject or text part), where HTML escaping does not apply. */
    public LiquidTemplate compileText(String file, String source) {
        return compile(file, source, false);
    }

    private LiquidTemplate compile(String file, String source, boolean html) {
        rejectFileTags(file, source);
        CoreLiquid.Template template = core ? CoreLiquid.compile(source, html) : null;
        return template != null ? new LiquidTemplate(file, source, html, template)
                : new LiquidTemplate(file, source, html, liqp().compile(file, source, html));
    }

    /** Renders a compiled template for one contact's variables. */
    public String render(String file, LiquidTemplate template, Map<String, Object> variables) {
        if (template.core() != null) {
            try {
                return template.core().render(variables);
            } catch (CoreLiquid.Unsupported e) {
                // A value the core does not print as liqp does: liqp renders this one.
            } catch (RuntimeException e) {
                throw new RenderException(file + ": " + describe(e), e);
            }
        }
        return liqp().render(file, template.liqpNodes(this), variables);
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

    private static final java.util.regex.Pattern FILE_TAG = java.util.regex.Pattern.compile("\\{%-?\\s*(include|render|include_relative)\\b");

    static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A URL for an href: kept when it is http, https or mailto, else {@code #} ({@code safe_url}). */
    public static String safeUrl(String url) {
        String trimmed = url.strip();
        return SAFE_URL.matcher(trimmed).matches() ? trimmed : "#";
    }

    private static final java.util.regex.Pattern SAFE_URL = java.util.regex.Pattern.compile(
            "^(https?://|mailto:)[^\\s\\x00-\\x1f]*$", java.util.regex.Pattern.CASE_INSENSITIVE);
}
