package dev.cairn.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderModelTest {

    @Test
    void exposesCustomAttributesAtTheTopLevelAndUnderCustom() {
        Map<String, Object> variables = RenderModel.of(
                Map.of("first_name", "Ann", "custom.favourite_color", "teal", "custom.first_name", "Shadowed"),
                Map.of("name", "Acme"), "https://hub.example/p/abc", "welcome", "Welcome");

        @SuppressWarnings("unchecked")
        Map<String, Object> contact = (Map<String, Object>) variables.get("contact");
        assertEquals("teal", contact.get("favourite_color"));
        assertEquals("Ann", contact.get("first_name"), "a known field wins over a custom attribute of the same name");
        assertEquals(Map.of("favourite_color", "teal", "first_name", "Shadowed"), contact.get("custom"));
        assertEquals(Map.of("url", "https://hub.example/p/abc"), variables.get("hub"));
        assertEquals(Map.of("id", "welcome", "name", "Welcome"), variables.get("program"));
    }

    @Test
    void aMissingHubUrlIsEmpty() {
        Map<String, Object> variables = RenderModel.of(Map.of(), Map.of(), null, "welcome", "Welcome");

        assertEquals(Map.of("url", ""), variables.get("hub"));
    }

    @Test
    void templatesSeeCustomAttributesBothWays() {
        LiquidEngine liquid = new LiquidEngine();
        Map<String, Object> variables = RenderModel.of(Map.of("custom.favourite_color", "<teal>"), Map.of(), "",
                "welcome", "Welcome");

        String html = liquid.render("page.liquid",
                liquid.compile("page.liquid", "{{ contact.favourite_color }}/{{ contact.custom.favourite_color }}"),
                variables);

        assertEquals("&lt;teal&gt;/&lt;teal&gt;", html);
    }
}
