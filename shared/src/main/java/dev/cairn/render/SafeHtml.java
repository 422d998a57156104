package dev.cairn.render;

/**
 * HTML that Cairn made safe: the output of a program template (whose customer values were escaped as it rendered)
 * or markup Cairn generated itself (a chart). The escape filter passes it through unchanged, so a snippet or scene
 * is not escaped twice. Never wrap customer data in it.
 */
public record SafeHtml(String html) {

    @Override
    public String toString() {
        return html;
    }
}
