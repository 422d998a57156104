package dev.cairn.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Json#write} gives the mapper's text for every kind of value, on its generator path and off it. */
class JsonWriteTest {

    private record Point(String name, int x) {
    }

    @Test
    void everyKindOfValueIsWrittenAsTheMapperWritesIt() throws Exception {
        ObjectNode tree = Json.object().put("text", "a \"quoted\" \\ back\nslash\t\u0001 é 😀 </script>")
                .put("int", 7).put("long", 9_000_000_000L).put("double", 0.1).put("nan", Double.NaN)
                .put("float", 1.5f).put("decimal", new BigDecimal("1E+3")).put("small", new BigDecimal("0.000000001"))
                .put("big", new BigInteger("123456789012345678901234567890")).put("yes", true).put("short", (short) 3)
                .putNull("nothing");
        tree.putArray("list").add(1).add("two").addNull().addObject().put("nested", "x");
        tree.putObject("empty");
        tree.putArray("none");
        tree.putPOJO("pojo", new Point("p", 1));
        tree.put("binary", new byte[] {1, 2, 3});

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("text", "ü\u2028");
        map.put("null", null);
        map.put("int", 1);
        map.put("long", 2L);
        map.put("double", -0.0);
        map.put("infinite", Double.POSITIVE_INFINITY);
        map.put("decimal", new BigDecimal("12.500"));
        map.put("list", new ArrayList<>(Arrays.asList("a", null, 3, List.of(true))));
        map.put("tree", Json.object().put("k", "v"));
        map.put("map", new HashMap<>(Map.of("a", 1)));

        List<Object> values = List.of(tree, tree.deepCopy().without(List.of("pojo", "binary")), map,
                List.of(map, "x", 1), "plain", 5, 5L, 2.5, true, new BigDecimal("1E-10"), Map.of(1, "integer key"),
                new Point("r", 2), Thread.State.NEW, Map.of("state", Thread.State.NEW), List.of(new Point("in", 3)),
                (short) 4, 'c', new String[] {"array"});
        for (Object value : values) {
            assertEquals(Json.MAPPER.writeValueAsString(value), Json.write(value), () -> String.valueOf(value));
        }
        assertEquals("null", Json.write(null));
    }
}
