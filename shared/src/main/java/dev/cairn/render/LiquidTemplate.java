package dev.cairn.render;

import liqp.nodes.LNode;

/**
 * A template compiled by {@link LiquidEngine}: the core's ({@link CoreLiquid}) when it covers the template, else
 * liqp's node tree, built once (liqp's own {@code Template.render} rebuilds it from the ANTLR parse tree on every
 * render, which was most of a hub page's render time). A core template compiles its liqp tree too, on the first
 * render that needs it. liqp's trees must not be rendered from two threads at once (a few nodes keep the value
 * they are evaluating in a field).
 */
public final class LiquidTemplate {

    private final String file;
    private final String source;
    private final boolean html;
    private final CoreLiquid.Template core;
    private LNode liqp;

    LiquidTemplate(String file, String source, boolean html, CoreLiquid.Template core) {
        this.file = file;
        this.source = source;
        this.html = html;
        this.core = core;
    }

    LiquidTemplate(String file, String source, boolean html, LNode liqp) {
        this(file, source, html, (CoreLiquid.Template) null);
        this.liqp = liqp;
    }

    /** The core's template, or null when liqp renders this one. */
    CoreLiquid.Template core() {
        return core;
    }

    /** liqp's node tree, compiled now if the core had it so far. */
    synchronized LNode liqpNodes(LiquidEngine engine) {
        if (liqp == null) {
            liqp = engine.liqp().compile(file, source, html);
        }
        return liqp;
    }
}
