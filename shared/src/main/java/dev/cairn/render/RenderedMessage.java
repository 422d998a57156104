package dev.cairn.render;

import java.util.List;

/** What one program renders for one contact: the hub page, the email, and which scenes and CTAs it showed. */
public record RenderedMessage(String page, String subject, String html, String text, List<String> scenes,
                              List<String> ctas) {
}
