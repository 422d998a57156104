package dev.cairn.render;

import liqp.nodes.LNode;

/**
 * A template compiled by {@link LiquidEngine}: liqp's node tree, built once from the parse tree. liqp's own
 * {@code Template.render} rebuilds that tree from the ANTLR parse tree on every render, which was most of a hub
 * page's render time. Like liqp's templates, one must not be rendered from two threads at once (a few nodes keep
 * the value they are evaluating in a field).
 */
public final class LiquidTemplate {

    private final LNode root;

    LiquidTemplate(LNode root) {
        this.root = root;
    }

    LNode root() {
        return root;
    }
}
