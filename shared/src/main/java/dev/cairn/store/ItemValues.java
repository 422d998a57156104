package dev.cairn.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Explicit conversion between Cairn's normalised values and DynamoDB attribute values. */
public final class ItemValues {

    private ItemValues() {
    }

    public static AttributeValue toAttribute(Object value) {
        if (value instanceof String s) {
            return AttributeValue.fromS(s);
        }
        if (value instanceof BigDecimal n) {
            return AttributeValue.fromN(n.toPlainString());
        }
        if (value instanceof Number n) {
            return AttributeValue.fromN(n.toString());
        }
        if (value instanceof Boolean b) {
            return AttributeValue.fromBool(b);
        }
        if (value instanceof List<?> list) {
            List<AttributeValue> items = new ArrayList<>(list.size());
            for (Object item : list) {
                items.add(toAttribute(item));
            }
            return AttributeValue.fromL(items);
        }
        throw new IllegalArgumentException("unsupported value type " + value.getClass().getSimpleName());
    }

    public static Object fromAttribute(AttributeValue value) {
        if (value == null) {
            return null;
        }
        switch (value.type()) {
            case S:
                return value.s();
            case N: {
                // DynamoDB may return 84000 as 8.4E+4; Cairn shows numbers in plain notation.
                BigDecimal number = new BigDecimal(value.n());
                return number.scale() < 0 ? number.setScale(0) : number;
            }
            case BOOL:
                return value.bool();
            case L: {
                List<Object> items = new ArrayList<>(value.l().size());
                for (AttributeValue item : value.l()) {
                    items.add(fromAttribute(item));
                }
                return items;
            }
            case NUL:
                return null;
            default:
                throw new IllegalArgumentException("unsupported attribute type " + value.type());
        }
    }

    public static String string(java.util.Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
