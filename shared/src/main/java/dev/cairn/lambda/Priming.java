package dev.cairn.lambda;

import dev.cairn.Cairn;
import dev.cairn.config.CairnConfig;
import dev.cairn.store.Keys;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming. Before the snapshot, each handler makes one harmless call — a DynamoDB read of a key that
 * never exists — so that the SDK client, its HTTP stack and Jackson are loaded and initialised in the snapshot.
 */
public final class Priming {

    private static final Map<String, AttributeValue> NO_SUCH_ITEM = Map.of(
            Keys.PK, AttributeValue.fromS("PRIMING"), Keys.SK, AttributeValue.fromS("PRIMING"));

    private Priming() {
    }

    /** Registers the handler; CRaC keeps only a weak reference, and the handler instance lives as long as the runtime. */
    public static void register(Resource handler) {
        Core.getGlobalContext().register(handler);
    }

    public static void prime(Cairn cairn) {
        String table = CairnConfig.require(cairn.config().tableName(), CairnConfig.TABLE_NAME);
        cairn.clients().dynamoDb().getItem(b -> b.tableName(table).key(NO_SUCH_ITEM));
    }
}
